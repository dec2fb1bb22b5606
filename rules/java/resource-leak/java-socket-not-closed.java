package com.example.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

public class Relay {

    private final ExecutorService workers;
    private Socket upstream;

    public Relay(ExecutorService workers) {
        this.workers = workers;
    }

    public void send(String host, int port, byte[] payload) throws IOException {
        // ruleid: java-socket-not-closed
        Socket socket = new Socket(host, port);
        OutputStream out = socket.getOutputStream();
        out.write(payload);
        out.flush();
    }

    public void ping(String host) throws IOException {
        // ruleid: java-socket-not-closed
        new Socket(host, 7).getOutputStream().write(1);
    }

    public void announce(byte[] data, InetSocketAddress group) throws IOException {
        // ruleid: java-socket-not-closed
        DatagramSocket ds = new DatagramSocket();
        ds.send(new DatagramPacket(data, data.length, group));
    }

    public int probe(int port) throws IOException {
        // ruleid: java-socket-not-closed
        ServerSocket server = new ServerSocket(port);
        return server.getLocalPort();
    }

    public void secure(String host, int port) throws IOException {
        SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        // ruleid: java-socket-not-closed
        SSLSocket ssl = (SSLSocket) factory.createSocket(host, port);
        ssl.startHandshake();
    }

    public void nio(InetSocketAddress addr) throws IOException {
        // ruleid: java-socket-not-closed
        SocketChannel ch = SocketChannel.open(addr);
        ch.write(ByteBuffer.wrap(new byte[] {1}));
    }

    public void serveOnce(ServerSocket server) throws IOException {
        // ruleid: java-socket-not-closed
        Socket client = server.accept();
        InputStream in = client.getInputStream();
        in.read();
    }

    public void sendSafe(String host, int port, byte[] payload) throws IOException {
        // ok: java-socket-not-closed
        try (Socket socket = new Socket(host, port)) {
            socket.getOutputStream().write(payload);
        }
    }

    public void sendLegacy(String host, int port) throws IOException {
        Socket socket = null;
        try {
            // ok: java-socket-not-closed
            socket = new Socket(host, port);
            socket.getOutputStream().write(0);
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    public void serve(ServerSocket server) throws IOException {
        while (true) {
            // ok: java-socket-not-closed
            Socket client = server.accept();
            workers.submit(() -> handle(client));
        }
    }

    public void serveClassic(ServerSocket server) throws IOException {
        // ok: java-socket-not-closed
        Socket client = server.accept();
        new Thread(new ClientHandler(client)).start();
    }

    public void serveFactory(ServerSocket server) throws IOException {
        // ok: java-socket-not-closed
        final Socket accepted = server.accept();
        workers.execute(createClientHandler(accepted));
    }

    private Runnable createClientHandler(Socket s) {
        return new ClientHandler(s);
    }

    public void serveInline(ServerSocket server) throws IOException {
        // ruleid: java-socket-not-closed
        Socket client = server.accept();
        log(client);
        client.getOutputStream().write(0);
    }

    private void log(Socket s) {
        System.out.println(s.getRemoteSocketAddress());
    }

    public Socket connect(String host, int port) throws IOException {
        // ruleid: java-socket-not-closed
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5000);
        return s;
    }

    public Socket connectSafely(String host, int port) throws IOException {
        // ok: java-socket-not-closed
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 5000);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public void reconnect(String host, int port) throws IOException {
        // ok: java-socket-not-closed
        upstream = new Socket(host, port);
    }

    public void acceptVisitor(Visitor visitor) {
        // ok: java-socket-not-closed
        Object result = visitor.accept();
    }

    public void startListener(int port) {
        workers.submit(() -> {
            // ruleid: java-socket-not-closed
            ServerSocket listener = new ServerSocket(port);
            // ruleid: java-socket-not-closed
            listener.accept();
            return null;
        });
    }

    private void handle(Socket client) {
        try (client) {
            client.getInputStream().read();
        } catch (IOException ignored) {
            return;
        }
    }

    interface Visitor {
        Object accept();
    }

    static class ClientHandler implements Runnable {
        private final Socket socket;

        ClientHandler(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
        }
    }
}
