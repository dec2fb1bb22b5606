from Crypto.Cipher import AES, DES3


def encrypt_block(key, data):
    # ruleid: pycryptodome-ecb-mode
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(data)


def decrypt_block(key, data):
    # ruleid: pycryptodome-ecb-mode
    return AES.new(key, mode=AES.MODE_ECB).decrypt(data)


def legacy(key, data):
    # ruleid: pycryptodome-ecb-mode
    return DES3.new(key, DES3.MODE_ECB).encrypt(data)


def good(key, data, iv):
    # ok: pycryptodome-ecb-mode
    gcm = AES.new(key, AES.MODE_GCM)
    # ok: pycryptodome-ecb-mode
    cbc = AES.new(key, AES.MODE_CBC, iv=iv)
    return gcm.encrypt_and_digest(data), cbc


def old_pycrypto(key, data):
    # PyCrypto (not PyCryptodome) defaulted to ECB when no mode was given.
    # todoruleid: pycryptodome-ecb-mode
    return AES.new(key).encrypt(data)
