from Crypto.Hash import MD5, SHA, SHA1, SHA256
from Crypto.PublicKey import RSA
from Crypto.Signature import pkcs1_15
import Crypto.Hash.MD5


def sign(key_pem, message):
    key = RSA.import_key(key_pem)
    # ruleid: pycryptodome-weak-hash
    h = SHA.new(message)
    return pkcs1_15.new(key).sign(h)


def checksum(data):
    # ruleid: pycryptodome-weak-hash
    a = MD5.new(data).hexdigest()
    # ruleid: pycryptodome-weak-hash
    b = SHA1.new()
    # ruleid: pycryptodome-weak-hash
    c = Crypto.Hash.MD5.new(data)
    return a, b, c


def good(data, key):
    # ok: pycryptodome-weak-hash
    h = SHA256.new(data)
    # ok: pycryptodome-weak-hash
    signer = pkcs1_15.new(key)
    return h, signer


def aliased(data):
    from Crypto.Hash import MD4 as pycrypto_md4
    from Cryptodome.Hash import SHA256 as sha256_hash
    # ruleid: pycryptodome-weak-hash
    a = pycrypto_md4.new(data)
    # ok: pycryptodome-weak-hash
    b = sha256_hash.new(data)
    return a, b
