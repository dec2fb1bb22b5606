from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def fingerprint(data):
    # ruleid: cryptography-weak-hash
    digest = hashes.Hash(hashes.MD5())
    digest.update(data)
    return digest.finalize()


def sign(private_key, data):
    # ruleid: cryptography-weak-hash
    return private_key.sign(data, padding.PKCS1v15(), hashes.SHA1())


def sign_ec(private_key, data):
    # ruleid: cryptography-weak-hash
    return private_key.sign(data, ec.ECDSA(hashes.SHA1()))


def derive(password, salt):
    # ruleid: cryptography-weak-hash
    kdf = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt, iterations=100_000)
    return kdf.derive(password)


def good(public_key, data):
    # ok: cryptography-weak-hash
    digest = hashes.Hash(hashes.SHA256())
    # ok: cryptography-weak-hash
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
    return digest, public_key.encrypt(data, oaep)
