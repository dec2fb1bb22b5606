import socket
import ssl
from ssl import PROTOCOL_TLSv1_1, SSLContext

from OpenSSL import SSL


def legacy_client(host):
    # ruleid: ssl-insecure-protocol-version
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    return ctx.wrap_socket(socket.create_connection((host, 443)), server_hostname=host)


def minimum(host):
    ctx = ssl.create_default_context()
    # ruleid: ssl-insecure-protocol-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1
    # ruleid: ssl-insecure-protocol-version
    ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    return ctx


def others():
    # ruleid: ssl-insecure-protocol-version
    a = SSLContext(PROTOCOL_TLSv1_1)
    # ruleid: ssl-insecure-protocol-version
    b = SSL.Context(SSL.SSLv3_METHOD)
    # ruleid: ssl-insecure-protocol-version
    c = ssl.wrap_socket(socket.socket(), ssl_version=ssl.PROTOCOL_SSLv3)
    return a, b, c


def good():
    # ok: ssl-insecure-protocol-version
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: ssl-insecure-protocol-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    # ok: ssl-insecure-protocol-version
    ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1
    # ok: ssl-insecure-protocol-version
    server = SSL.Context(SSL.TLS_SERVER_METHOD)
    return ctx, server


# ok: ssl-insecure-protocol-version
_openssl_versions = {ssl.PROTOCOL_TLSv1: SSL.TLSv1_METHOD}


def is_legacy(ctx):
    # ok: ssl-insecure-protocol-version
    return ctx.minimum_version == ssl.TLSVersion.TLSv1


class LegacyAdapter:
    # ruleid: ssl-insecure-protocol-version
    def __init__(self, ssl_version=ssl.PROTOCOL_TLSv1):
        self.ssl_version = ssl_version


# ruleid: ssl-insecure-protocol-version
SSL_PROTOCOL = ssl.PROTOCOL_TLSv1_1
