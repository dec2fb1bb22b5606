from flask import request, session


def remember():
    role = request.form["role"]
    # ruleid: python-trust-boundary
    session["role"] = role
    # ok: python-trust-boundary
    session["visits"] = 1
    # ok: python-trust-boundary
    session["page"] = int(request.form["page"])
