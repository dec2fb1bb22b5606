import socket
import ssl

import urllib3


def connect(host):
    ctx = ssl.create_default_context()
    # ruleid: ssl-check-hostname-disabled
    ctx.check_hostname = False
    return ctx.wrap_socket(socket.create_connection((host, 443)))


class Client:
    def __init__(self, ca):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.ctx.load_verify_locations(ca)
        # ruleid: ssl-check-hostname-disabled
        self.ctx.check_hostname = False


def pool(ca):
    # ruleid: ssl-check-hostname-disabled
    return urllib3.PoolManager(ca_certs=ca, assert_hostname=False)


def good(host):
    ctx = ssl.create_default_context()
    # ok: ssl-check-hostname-disabled
    ctx.check_hostname = True
    # ok: ssl-check-hostname-disabled
    pool = urllib3.PoolManager(assert_hostname="internal.example.com")
    # ok: ssl-check-hostname-disabled
    enabled = ctx.check_hostname
    # ok: ssl-check-hostname-disabled
    ctx.verify_flags = ssl.VERIFY_X509_STRICT
    return ctx.wrap_socket(socket.create_connection((host, 443)), server_hostname=host), pool, enabled
