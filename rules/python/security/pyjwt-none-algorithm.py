import jwt


def issue(claims):
    # ruleid: pyjwt-none-algorithm
    return jwt.encode(claims, None, algorithm="none")


def accept(token, key):
    # ruleid: pyjwt-none-algorithm
    return jwt.decode(token, key, algorithms=["HS256", "none"])


def accept_upper(token, key):
    # ruleid: pyjwt-none-algorithm
    return jwt.decode(token, key, algorithms=("NONE",))


def good(claims, token, key):
    # ok: pyjwt-none-algorithm
    signed = jwt.encode(claims, key, algorithm="HS256")
    # ok: pyjwt-none-algorithm
    decoded = jwt.decode(token, key, algorithms=["HS256", "RS256"])
    return signed, decoded
