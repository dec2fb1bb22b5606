import javax.script.*;
import javax.servlet.http.*;

public class ScriptExamples {
    Object run(HttpServletRequest request) throws ScriptException {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
        String expr = request.getParameter("expr");
        // ruleid: java-code-injection
        engine.eval(expr);
        // ok: java-code-injection
        engine.eval("1 + 1");
        Bindings b = engine.createBindings();
        b.put("input", expr);
        // ok: java-code-injection
        return engine.eval("input.length", b);
    }
}
