import os

from flask import Flask

# ruleid: session-cookie-insecure-setting
SESSION_COOKIE_SECURE = False
# ruleid: session-cookie-insecure-setting
CSRF_COOKIE_SECURE = False
# ruleid: session-cookie-insecure-setting
SESSION_COOKIE_HTTPONLY = False
# ok: session-cookie-insecure-setting
CSRF_COOKIE_HTTPONLY = True
# ok: session-cookie-insecure-setting
SESSION_COOKIE_SAMESITE = "Lax"

app = Flask(__name__)
# ruleid: session-cookie-insecure-setting
app.config["SESSION_COOKIE_SECURE"] = False
# ruleid: session-cookie-insecure-setting
app.config.update(REMEMBER_COOKIE_SECURE=False, SESSION_COOKIE_NAME="sid")
# ok: session-cookie-insecure-setting
app.config["SESSION_COOKIE_SECURE"] = os.environ.get("HTTPS", "1") == "1"


class ProductionConfig:
    # ruleid: session-cookie-insecure-setting
    SESSION_COOKIE_SECURE = False


class DevelopmentConfig:
    # ok: session-cookie-insecure-setting
    SESSION_COOKIE_SECURE = False
