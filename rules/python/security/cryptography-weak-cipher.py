import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.decrepit.ciphers.algorithms import CAST5


def encrypt_3des(key, data):
    iv = os.urandom(8)
    # ruleid: cryptography-weak-cipher
    cipher = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
    return iv + cipher.encryptor().update(data)


def rc4(key, data):
    # ruleid: cryptography-weak-cipher
    algorithm = algorithms.ARC4(key)
    return Cipher(algorithm, mode=None).encryptor().update(data)


def others(key, iv):
    # ruleid: cryptography-weak-cipher
    bf = Cipher(algorithms.Blowfish(key), modes.CBC(iv))
    # ruleid: cryptography-weak-cipher
    idea = Cipher(algorithms.IDEA(key), modes.CBC(iv))
    # ruleid: cryptography-weak-cipher
    cast = Cipher(CAST5(key), modes.CBC(iv))
    return bf, idea, cast


def good(key, data, aad):
    nonce = os.urandom(12)
    # ok: cryptography-weak-cipher
    gcm = Cipher(algorithms.AES(key), modes.GCM(nonce))
    # ok: cryptography-weak-cipher
    sealed = AESGCM(key).encrypt(nonce, data, aad)
    return gcm, sealed
