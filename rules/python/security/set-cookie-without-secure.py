from django.conf import settings
from django.http import HttpResponse
from flask import make_response


def login(user, token):
    resp = make_response("ok")
    # ruleid: set-cookie-without-secure
    resp.set_cookie("session", token, httponly=True)
    # ruleid: set-cookie-without-secure
    resp.set_cookie("remember", user.remember_token, max_age=3600, secure=False)
    return resp


def django_view(request, value):
    response = HttpResponse("ok")
    # ruleid: set-cookie-without-secure
    response.set_signed_cookie("cart", value, salt="cart")
    # ruleid: set-cookie-without-secure
    response.set_cookie(
        "prefs",
        value,
        httponly=True,
    )
    return response


def good(token, options):
    resp = make_response("ok")
    # ok: set-cookie-without-secure
    resp.set_cookie("session", token, secure=True, httponly=True, samesite="Lax")
    # ok: set-cookie-without-secure
    resp.set_cookie("csrf", token, secure=settings.SESSION_COOKIE_SECURE)
    # ok: set-cookie-without-secure
    resp.set_cookie("theme", "dark", **options)
    # ok: set-cookie-without-secure
    resp.delete_cookie("session")
    return resp


def client_side(jar, cookie):
    # ok: set-cookie-without-secure
    jar.set_cookie(cookie)
