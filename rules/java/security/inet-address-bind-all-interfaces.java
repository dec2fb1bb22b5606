package com.example.server;

import io.netty.bootstrap.ServerBootstrap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;

public class AdminServer {
    public ServerSocket open(int port) throws IOException {
        // ruleid: inet-address-bind-all-interfaces
        return new ServerSocket(port, 50, InetAddress.getByName("0.0.0.0"));
    }

    public ServerSocketChannel channel(int port) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        // ruleid: inet-address-bind-all-interfaces
        ch.bind(new InetSocketAddress("0.0.0.0", port));
        return ch;
    }

    public InetSocketAddress ipv6(int port) {
        // ruleid: inet-address-bind-all-interfaces
        return new InetSocketAddress("::", port);
    }

    public InetAddress wildcardBytes() throws IOException {
        // ruleid: inet-address-bind-all-interfaces
        return InetAddress.getByAddress(new byte[] {0, 0, 0, 0});
    }

    public void netty(ServerBootstrap bootstrap) throws InterruptedException {
        // ruleid: inet-address-bind-all-interfaces
        bootstrap.bind("0.0.0.0", 9090).sync();
    }

    public ServerSocket safe(int port, String bindAddress) throws IOException {
        // ok: inet-address-bind-all-interfaces
        ServerSocket a = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        // ok: inet-address-bind-all-interfaces
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", port);
        // ok: inet-address-bind-all-interfaces
        InetSocketAddress c = new InetSocketAddress(bindAddress, port);
        // ok: inet-address-bind-all-interfaces
        InetAddress d = InetAddress.getByName("10.0.0.5");
        return a;
    }
}
