from flask import redirect, request, url_for

ALLOWED = {"/home", "/account"}


def login_done():
    target = request.args.get("next", "/")
    # ruleid: python-open-redirect
    return redirect(target)


def safe_done():
    target = request.args.get("next", "/")
    if target in ALLOWED:
        # ok: python-open-redirect
        return redirect(target)
    # ok: python-open-redirect
    return redirect(url_for("home"))
