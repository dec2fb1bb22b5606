import socket
import ssl


def connect(host):
    sock = socket.create_connection((host, 443))
    # ruleid: ssl-wrap-socket
    return ssl.wrap_socket(sock)


def server(sock, cert, key):
    # ruleid: ssl-wrap-socket
    return ssl.wrap_socket(sock, keyfile=key, certfile=cert, server_side=True)


def good(host):
    sock = socket.create_connection((host, 443))
    ctx = ssl.create_default_context()
    # ok: ssl-wrap-socket
    return ctx.wrap_socket(sock, server_hostname=host)


def wrapped_server(sock, cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    # ok: ssl-wrap-socket
    return ctx.wrap_socket(sock, server_side=True)
