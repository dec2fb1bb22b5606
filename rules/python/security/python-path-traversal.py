import os

from flask import request
from werkzeug.utils import secure_filename

BASE = "/srv/files"


def download():
    name = request.args["file"]
    # ruleid: python-path-traversal
    with open(os.path.join(BASE, name)) as f:
        data = f.read()
    # ruleid: python-path-traversal
    os.remove(BASE + "/" + name)
    # ok: python-path-traversal
    with open(os.path.join(BASE, secure_filename(name))) as f:
        data = f.read()
    # ok: python-path-traversal
    with open(os.path.join(BASE, "index.html")) as f:
        data = f.read()
    path = os.path.realpath(os.path.join(BASE, name))
    if not path.startswith(BASE + os.sep):
        raise ValueError("outside")
    # ok: python-path-traversal
    with open(path) as f:
        data = f.read()
    raw = os.path.join(BASE, name)
    if raw.startswith(BASE):
        # ruleid: python-path-traversal
        open(raw).close()
    return data
