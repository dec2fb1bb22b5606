import hashlib
from hashlib import md5, sha1


def sign(secret, message):
    # ruleid: hashlib-weak-hash
    return hashlib.md5(secret + message).hexdigest()


def password_hash(password, salt):
    # ruleid: hashlib-weak-hash
    digest = hashlib.sha1()
    digest.update(salt + password.encode())
    return digest.hexdigest()


def legacy_token(data):
    # ruleid: hashlib-weak-hash
    h = hashlib.new("md5", data)
    # ruleid: hashlib-weak-hash
    h2 = hashlib.new('SHA1')
    # ruleid: hashlib-weak-hash
    h5 = hashlib.new(name="md4", data=data)
    # ruleid: hashlib-weak-hash
    h3 = md5(data).digest()
    # ruleid: hashlib-weak-hash
    h4 = sha1(data)
    return h, h2, h3, h4


def good(data, path):
    # ok: hashlib-weak-hash
    fingerprint = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    # ok: hashlib-weak-hash
    strong = hashlib.sha256(data).hexdigest()
    # ok: hashlib-weak-hash
    h = hashlib.new("sha256", data)
    # ok: hashlib-weak-hash
    cache_key = hashlib.new("md5", data, usedforsecurity=False)
    # ok: hashlib-weak-hash
    b2 = hashlib.blake2b(data, digest_size=16)
    return fingerprint, strong, h, cache_key, b2
