import socket
import socketserver
from http.server import HTTPServer, SimpleHTTPRequestHandler
from wsgiref.simple_server import make_server


def listen(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ruleid: socket-bind-all-interfaces
    sock.bind(("0.0.0.0", port))
    sock.listen(5)
    return sock


def servers(app, handler):
    # ruleid: socket-bind-all-interfaces
    httpd = HTTPServer(("", 8000), SimpleHTTPRequestHandler)
    # ruleid: socket-bind-all-interfaces
    tcp = socketserver.TCPServer(('', 9000), handler)
    # ruleid: socket-bind-all-interfaces
    v6 = socket.create_server(("::", 8443), family=socket.AF_INET6)
    # ruleid: socket-bind-all-interfaces
    wsgi = make_server("", 8080, app)
    return httpd, tcp, v6, wsgi


def good(port, host, app):
    sock = socket.socket()
    # ok: socket-bind-all-interfaces
    sock.bind(("127.0.0.1", port))
    # ok: socket-bind-all-interfaces
    sock.bind((host, port))
    # ok: socket-bind-all-interfaces
    wsgi = make_server("localhost", 8080, app)
    # ok: socket-bind-all-interfaces
    unix = socket.socket(socket.AF_UNIX).bind("/run/app.sock")
    return sock, wsgi, unix
