import random
import secrets
import string
from random import choice

CHARS = string.ascii_letters + string.digits


def generate_token(length=32):
    # ruleid: random-module-in-secret-function
    return "".join(random.choice(CHARS) for _ in range(length))


def make_password():
    # ruleid: random-module-in-secret-function
    chars = random.sample(CHARS, 12)
    return "".join(chars)


def new_session_id():
    # ruleid: random-module-in-secret-function
    return "%x" % random.getrandbits(64)


class OtpService:
    def send_otp(self, phone):
        # ruleid: random-module-in-secret-function
        code = "".join(choice(string.digits) for _ in range(6))
        self.sms.send(phone, code)


def create_api_key(user):
    # reported by random-module-secret-value
    # ok: random-module-in-secret-function
    api_key = "".join(random.choices(CHARS, k=40))
    return api_key


def generate_secure_token():
    # ok: random-module-in-secret-function
    return secrets.token_hex(16)


def pick_server(servers):
    # ok: random-module-in-secret-function
    return random.choice(servers)


def mask_tokens(tokens):
    # ok: random-module-in-secret-function
    threshold = random.random()
    return [t for t in tokens if threshold < 0.85]


def generate_password(length=12):
    chars = list(CHARS)
    # todoruleid: random-module-in-secret-function
    random.shuffle(chars)
    return "".join(chars[:length])
