import os
import re
import sys

import flask
from fastapi import FastAPI
from flask import request

app = FastAPI()
db = None


def flask_inputs():
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.args["a"])
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.form.get("a"))
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.cookies.get("a"))
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.headers["X-A"])
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.get_json()["a"])
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.get_data(as_text=True))
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % flask.request.values["a"])
    parts = []
    parts.append("SELECT ")
    parts.append(request.args["col"])
    # ruleid: python-sql-injection
    db.execute("".join(parts))
    # ok: python-sql-injection
    db.execute("SELECT %d" % int(request.args["n"]))
    # ok: python-sql-injection
    db.execute("SELECT %d" % len(request.args["n"]))


def pyramid_view(request):
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.params["a"])
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.matchdict["id"])
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % request.json_body["a"])
    # ok: python-sql-injection
    db.execute("SELECT '%s'" % request.registry.settings["a"])


def lambda_handler(event, context):
    # ruleid: python-sql-injection
    db.execute("SELECT '%s'" % event["queryStringParameters"]["id"])
    # ok: python-sql-injection
    db.execute("SELECT '%s'" % context.function_name)
    return {"statusCode": 200}


def handler(event):
    # ok: python-sql-injection
    db.execute("SELECT '%s'" % event)


def django_view(request):
    # ruleid: python-sql-injection
    db.execute("SELECT '" + request.GET.get("a") + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + request.POST["a"] + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + request.COOKIES["a"] + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + request.META["HTTP_X_A"] + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + request.body.decode() + "'")


@app.get("/items/{item_id}")
def read_item(item_id: str, q: str = ""):
    # ruleid: python-sql-injection
    db.execute("SELECT * FROM items WHERE id = '" + item_id + "'")
    if item_id.isdigit():
        # ok: python-sql-injection
        db.execute("SELECT * FROM items WHERE id = " + item_id)
    if re.fullmatch(r"[a-z]+", q):
        # ok: python-sql-injection
        db.execute("SELECT * FROM items WHERE q = '" + q + "'")


def helper_without_source(value):
    # ok: python-sql-injection
    db.execute("SELECT * FROM t WHERE v = '" + value + "'")


def cli():
    # ruleid: python-sql-injection
    db.execute("SELECT '" + sys.argv[1] + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + input() + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + os.environ["A"] + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + os.getenv("A", "") + "'")
    # ok: python-sql-injection
    db.execute("SELECT '" + os.sep + "'")
