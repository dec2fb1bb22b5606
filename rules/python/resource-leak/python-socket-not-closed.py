import selectors
import socket
import ssl
import threading
from socket import AF_INET, SOCK_STREAM


def fetch_with(host, port):
    # ok: python-socket-not-closed
    with socket.create_connection((host, port), timeout=5) as sock:
        return sock.recv(1024)


def fetch_banner(host, port):
    # ruleid: python-socket-not-closed
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect((host, port))
    return sock.recv(1024)


def send_metric(line):
    # ruleid: python-socket-not-closed
    conn = socket.create_connection(("graphite.internal", 2003), timeout=3)
    conn.sendall(line.encode())


def probe(host):
    # ruleid: python-socket-not-closed
    s = socket.socket(AF_INET, SOCK_STREAM)
    try:
        s.connect((host, 22))
        return True
    except OSError:
        return False


def echo_server(port):
    # ruleid: python-socket-not-closed
    server = socket.create_server(("", port))
    while True:
        # ruleid: python-socket-not-closed
        conn, addr = server.accept()
        data = conn.recv(4096)
        conn.sendall(data)


def fetch_closed(host, port):
    # ok: python-socket-not-closed
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.connect((host, port))
        return sock.recv(1024)
    finally:
        sock.close()


def serve_one(server):
    # ok: python-socket-not-closed
    conn, addr = server.accept()
    with conn:
        conn.sendall(b"hello " + addr[0].encode())


def serve_threaded(server):
    while True:
        # ok: python-socket-not-closed
        conn, addr = server.accept()
        threading.Thread(target=handle_client, args=(conn, addr), daemon=True).start()


def handle_client(conn, addr):
    try:
        conn.sendall(b"hi")
    finally:
        conn.close()


def connect(host, port):
    # ok: python-socket-not-closed
    sock = socket.create_connection((host, port))
    return sock


def tls_connect(host):
    ctx = ssl.create_default_context()
    # ok: python-socket-not-closed
    raw = socket.create_connection((host, 443))
    return ctx.wrap_socket(raw, server_hostname=host)


class Listener:
    def __init__(self, port):
        self.selector = selectors.DefaultSelector()
        # ok: python-socket-not-closed
        self.sock = socket.create_server(("", port))

    def accept(self):
        # ok: python-socket-not-closed
        conn, _ = self.sock.accept()
        conn.setblocking(False)
        self.selector.register(conn, selectors.EVENT_READ)


def serve_forever(sock):
    while True:
        # ruleid: python-socket-not-closed
        client, addr = sock.accept()
        client.sendall(str(addr).encode())
        client.close()


def serve_safely(sock):
    while True:
        # ok: python-socket-not-closed
        client, addr = sock.accept()
        try:
            client.sendall(str(addr).encode())
        finally:
            client.close()
