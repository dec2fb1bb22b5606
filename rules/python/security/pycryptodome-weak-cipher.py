from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish, ChaCha20_Poly1305
from Crypto.Random import get_random_bytes
import Cryptodome.Cipher.ARC2


def encrypt_legacy(key, data):
    # ruleid: pycryptodome-weak-cipher
    cipher = DES.new(key, DES.MODE_CBC)
    return cipher.iv + cipher.encrypt(data)


def encrypt_3des(key, iv, data):
    # ruleid: pycryptodome-weak-cipher
    return DES3.new(key, DES3.MODE_CBC, iv).encrypt(data)


def stream(key, data):
    # ruleid: pycryptodome-weak-cipher
    rc4 = ARC4.new(key)
    # ruleid: pycryptodome-weak-cipher
    bf = Blowfish.new(key, Blowfish.MODE_CBC)
    # ruleid: pycryptodome-weak-cipher
    rc2 = Cryptodome.Cipher.ARC2.new(key, Cryptodome.Cipher.ARC2.MODE_CFB)
    return rc4.encrypt(data), bf, rc2


def good(data):
    key = get_random_bytes(32)
    # ok: pycryptodome-weak-cipher
    cipher = AES.new(key, AES.MODE_GCM)
    # ok: pycryptodome-weak-cipher
    aead = ChaCha20_Poly1305.new(key=key)
    return cipher.encrypt_and_digest(data), aead


def aliased(key, iv):
    from Crypto.Cipher import Blowfish as pycrypto_blowfish
    from Cryptodome.Cipher import AES as aes_cipher
    import Crypto.Cipher.DES3 as triple_des
    # ruleid: pycryptodome-weak-cipher
    bf = pycrypto_blowfish.new(key, pycrypto_blowfish.MODE_CBC, iv)
    # ruleid: pycryptodome-weak-cipher
    tdes = triple_des.new(key, triple_des.MODE_CBC, iv)
    # ok: pycryptodome-weak-cipher
    aes = aes_cipher.new(key, aes_cipher.MODE_GCM)
    return bf, tdes, aes
