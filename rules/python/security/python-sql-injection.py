import sqlite3
from flask import Flask, request

app = Flask(__name__)
db = sqlite3.connect("app.db")


@app.route("/user")
def user():
    name = request.args.get("name")
    cur = db.cursor()
    # ruleid: python-sql-injection
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: python-sql-injection
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ruleid: python-sql-injection
    cur.execute("SELECT * FROM users WHERE name = '{}'".format(name))
    query = "SELECT * FROM users WHERE name = '" + name + "'"
    # ruleid: python-sql-injection
    cur.execute(query)
    # ok: python-sql-injection
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: python-sql-injection
    cur.execute("SELECT * FROM users WHERE id = %d" % int(request.args["id"]))
    return "ok"


@app.route("/item/<item_id>")
def item(item_id):
    # ruleid: python-sql-injection
    db.execute("SELECT * FROM items WHERE id = " + item_id)
    order = request.args.get("order", "name")
    if order not in ("name", "date"):
        order = "name"
    # ok: python-sql-injection
    db.execute("SELECT * FROM items ORDER BY " + order)
    mode = "safe"
    if 7 * 6 > 100:
        mode = request.args.get("mode")
    # ok: python-sql-injection
    db.execute("SELECT * FROM items WHERE mode = '" + mode + "'")
    values = {"a": "constant", "b": request.args.get("b")}
    # ok: python-sql-injection
    db.execute("SELECT '" + values["a"] + "'")
    # ruleid: python-sql-injection
    db.execute("SELECT '" + values["b"] + "'")
    # ruleid: python-sql-injection
    run_query(db, item_id)
    # ok: python-sql-injection
    run_query(db, "1")
    # ruleid: python-sql-injection
    run_query(conn=db, where=item_id)
    # ok: python-sql-injection
    run_query(where="1", conn=item_id)
    # ruleid: python-sql-injection
    run_filtered(db, "items", where=item_id)
    # ok: python-sql-injection
    run_filtered(db, item_id, where="1")
    # ruleid: python-sql-injection
    run_any(db, "x", item_id)
    return "ok"


@app.route("/models")
def models():
    from sqlalchemy import text
    order = request.args.get("order")
    query = db.query("Model")
    # ruleid: python-sql-injection
    query.order_by(order)
    # ruleid: python-sql-injection
    query.having("count(*) > %s" % order)
    # ruleid: python-sql-injection
    query.filter(text("name = '" + order + "'"))
    # ok: python-sql-injection
    query.filter(text("name = :name")).params(name=order)
    # ok: python-sql-injection
    query.order_by("created")
    # ruleid: python-sql-injection
    clause = text(order)
    # ok: python-sql-injection
    query.distinct(clause)
    return "ok"


def run_query(conn, where):
    conn.execute("SELECT * FROM t WHERE id = " + where)


def run_filtered(conn, table, **filters):
    conn.execute("SELECT * FROM t WHERE " + filters["where"])


def run_any(conn, *parts):
    conn.execute("SELECT " + ", ".join(parts))


def django_view(request):
    uid = request.GET["id"]
    from django.db import connection
    with connection.cursor() as c:
        # ruleid: python-sql-injection
        c.execute("SELECT * FROM t WHERE id = " + uid)
