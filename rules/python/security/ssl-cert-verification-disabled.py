import socket
import ssl
import urllib.request

import urllib3
from OpenSSL import SSL


def fetch(url):
    # ruleid: ssl-cert-verification-disabled
    ctx = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=ctx).read()


# ruleid: ssl-cert-verification-disabled
ssl._create_default_https_context = ssl._create_unverified_context


def client(host):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    # ruleid: ssl-cert-verification-disabled
    ctx.verify_mode = ssl.CERT_NONE
    return ctx.wrap_socket(socket.create_connection((host, 443)), server_hostname=host)


def pools():
    # ruleid: ssl-cert-verification-disabled
    http = urllib3.PoolManager(cert_reqs="CERT_NONE")
    # ruleid: ssl-cert-verification-disabled
    legacy = ssl.wrap_socket(socket.socket(), cert_reqs=ssl.CERT_NONE)
    return http, legacy


def openssl_ctx():
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    # ruleid: ssl-cert-verification-disabled
    ctx.set_verify(SSL.VERIFY_NONE, lambda *args: True)
    return ctx


def good(host):
    # ok: ssl-cert-verification-disabled
    ctx = ssl.create_default_context()
    # ok: ssl-cert-verification-disabled
    ctx.verify_mode = ssl.CERT_REQUIRED
    # ok: ssl-cert-verification-disabled
    http = urllib3.PoolManager(cert_reqs="CERT_REQUIRED")
    openssl = SSL.Context(SSL.TLS_CLIENT_METHOD)
    # ok: ssl-cert-verification-disabled
    openssl.set_verify(SSL.VERIFY_PEER, None)
    return ctx, http, openssl
