import jwt
from jose import jwt as jose_jwt


def current_user(request):
    token = request.headers["Authorization"].removeprefix("Bearer ")
    # ruleid: jwt-decode-without-verification
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def legacy(token, key):
    # ruleid: jwt-decode-without-verification
    return jwt.decode(token, key, verify=False)


def jose_claims(token, key):
    options = {
        # ruleid: jwt-decode-without-verification
        "verify_signature": False,
        "verify_aud": False,
    }
    return jose_jwt.decode(token, key, options=options)


def opts(token):
    # ruleid: jwt-decode-without-verification
    return jwt.decode(token, options=dict(verify_signature=False))


def good(token, key, jwks):
    # ok: jwt-decode-without-verification
    claims = jwt.decode(token, key, algorithms=["RS256"], audience="api")
    # ok: jwt-decode-without-verification
    header = jwt.get_unverified_header(token)
    # ok: jwt-decode-without-verification
    strict = jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": True, "require": ["exp"]})
    return claims, header, strict
