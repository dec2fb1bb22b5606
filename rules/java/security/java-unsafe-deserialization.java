import java.io.*;
import javax.servlet.http.*;

public class DeserializationExamples extends HttpServlet {
    public void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        // ruleid: java-unsafe-deserialization
        ObjectInputStream in = new ObjectInputStream(request.getInputStream());
        Object o = in.readObject();
        byte[] body = request.getInputStream().readAllBytes();
        // ruleid: java-unsafe-deserialization
        Object p = org.apache.commons.lang3.SerializationUtils.deserialize(body);
        // ok: java-unsafe-deserialization
        ObjectInputStream local = new ObjectInputStream(new FileInputStream("/var/lib/app/state.bin"));
    }
}
