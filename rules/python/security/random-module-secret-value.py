import random
import secrets
import string
from random import randint

ALPHABET = string.ascii_letters + string.digits


def reset_password(user):
    # ruleid: random-module-secret-value
    new_password = "".join(random.choice(ALPHABET) for _ in range(12))
    user.set_password(new_password)
    # ruleid: random-module-secret-value
    user.reset_token = "%032x" % random.getrandbits(128)
    # ruleid: random-module-secret-value
    otp = str(random.randint(100000, 999999))
    # ruleid: random-module-secret-value
    pin = randint(1000, 9999)
    return otp, pin


def build_session(request):
    # ruleid: random-module-secret-value
    request.session["csrf_token"] = "".join(random.choices(ALPHABET, k=32))
    salt = ""
    for _ in range(16):
        # ruleid: random-module-secret-value
        salt += random.choice(ALPHABET)
    # ruleid: random-module-secret-value
    return dict(session_id=random.randrange(10**12), salt=salt)


def api_client():
    # ruleid: random-module-secret-value
    creds = {"api_key": "".join(random.sample(ALPHABET, 24))}
    return creds


def good(user, servers, items):
    # ok: random-module-secret-value
    token = secrets.token_urlsafe(32)
    # ok: random-module-secret-value
    password = "".join(secrets.choice(ALPHABET) for _ in range(16))
    # ok: random-module-secret-value
    api_key = "".join(random.SystemRandom().choice(ALPHABET) for _ in range(32))
    # ok: random-module-secret-value
    server = random.choice(servers)
    # ok: random-module-secret-value
    token_length = random.randint(16, 32)
    # ok: random-module-secret-value
    delay = random.uniform(0.5, 1.5)
    random.shuffle(items)
    return token, password, api_key, server, token_length, delay


def nlp(vocab):
    # ok: random-module-secret-value
    tokens = random.sample(vocab, 10)
    # todook: random-module-secret-value
    token = random.choice(vocab)
    return tokens, token
