import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.modes import ECB


def encrypt(key, block):
    # ruleid: cryptography-ecb-mode
    cipher = Cipher(algorithms.AES(key), modes.ECB())
    return cipher.encryptor().update(block)


def decrypt(key, block):
    # ruleid: cryptography-ecb-mode
    decryptor = Cipher(algorithms.AES(key), mode=ECB()).decryptor()
    return decryptor.update(block) + decryptor.finalize()


def qualified(key):
    import cryptography.hazmat.primitives.ciphers

    # ruleid: cryptography-ecb-mode
    mode = cryptography.hazmat.primitives.ciphers.modes.ECB()
    return Cipher(algorithms.AES(key), mode)


def good(key, data):
    iv = os.urandom(16)
    # ok: cryptography-ecb-mode
    cbc = Cipher(algorithms.AES(key), modes.CBC(iv))
    # ok: cryptography-ecb-mode
    ctr = Cipher(algorithms.AES(key), modes.CTR(iv))
    return cbc, ctr
