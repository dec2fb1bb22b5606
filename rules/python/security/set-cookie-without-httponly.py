from django.conf import settings
from django.http import HttpResponse
from flask import make_response


def login(user, token):
    resp = make_response("ok")
    # ruleid: set-cookie-without-httponly
    resp.set_cookie("session", token, secure=True)
    # ruleid: set-cookie-without-httponly
    resp.set_cookie("remember", user.remember_token, secure=True, httponly=False)
    return resp


def django_view(request, value):
    response = HttpResponse("ok")
    # ruleid: set-cookie-without-httponly
    response.set_signed_cookie("cart", value, salt="cart", secure=True)
    return response


def good(token, options):
    resp = make_response("ok")
    # ok: set-cookie-without-httponly
    resp.set_cookie("session", token, secure=True, httponly=True, samesite="Lax")
    # ok: set-cookie-without-httponly
    resp.set_cookie("sid", token, httponly=settings.SESSION_COOKIE_HTTPONLY)
    # ok: set-cookie-without-httponly
    resp.set_cookie("theme", "dark", **options)
    # ok: set-cookie-without-httponly
    resp.delete_cookie("session")
    return resp


def client_side(jar, cookie):
    # ok: set-cookie-without-httponly
    jar.set_cookie(cookie)
