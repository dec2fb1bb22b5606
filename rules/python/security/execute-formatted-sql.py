import sqlite3

import pandas as pd
from django.db.models.expressions import RawSQL
from sqlalchemy import text

USERS_BY_NAME = "SELECT id, email FROM users WHERE name = ?"


def find_user(conn, name):
    cur = conn.cursor()
    # ruleid: execute-formatted-sql
    cur.execute("SELECT id, email FROM users WHERE name = '" + name + "'")
    # ruleid: execute-formatted-sql
    cur.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
    # ruleid: execute-formatted-sql
    cur.execute("SELECT id FROM users WHERE name = '%s'" % name)
    # ruleid: execute-formatted-sql
    cur.execute("SELECT id FROM users WHERE name = '{}'".format(name))
    return cur.fetchall()


def purge(conn, table, ids):
    # ruleid: execute-formatted-sql
    conn.executemany("DELETE FROM " + table + " WHERE id = ?", [(i,) for i in ids])
    # ruleid: execute-formatted-sql
    conn.executescript(f"DROP TABLE IF EXISTS {table};")


def report(session, engine, region, order):
    # ruleid: execute-formatted-sql
    rows = session.execute(text(f"SELECT * FROM sales WHERE region = '{region}'"))
    # ruleid: execute-formatted-sql
    df = pd.read_sql("SELECT * FROM sales ORDER BY " + order, engine)
    with engine.connect() as connection:
        # ruleid: execute-formatted-sql
        connection.exec_driver_sql("SELECT * FROM sales WHERE region = '%s'" % region)
    return rows, df


def django_views(Person, last_name, column):
    # ruleid: execute-formatted-sql
    people = Person.objects.raw(f"SELECT * FROM myapp_person WHERE last_name = '{last_name}'")
    # ruleid: execute-formatted-sql
    annotated = Person.objects.annotate(val=RawSQL("SELECT " + column + " FROM myapp_other", ()))
    return people, annotated


def build_where(query, params, cur):
    # ruleid: execute-formatted-sql
    cur.execute(query % params)


def safe(conn, session, name, ids):
    cur = conn.cursor()
    # ok: execute-formatted-sql
    cur.execute("SELECT id FROM users WHERE name = %s", (name,))
    # ok: execute-formatted-sql
    cur.execute("SELECT id FROM users WHERE name = ?", [name])
    # ok: execute-formatted-sql
    cur.execute(USERS_BY_NAME, (name,))
    # ok: execute-formatted-sql
    cur.executemany("INSERT INTO seen (id) VALUES (?)", [(i,) for i in ids])
    # ok: execute-formatted-sql
    session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
    # ok: execute-formatted-sql
    label = text(f"Hello {name}")
    # ok: execute-formatted-sql
    conn.execute("SELECT 1")
    return label


def indirect(conn, name):
    query = "SELECT id FROM users WHERE name = '" + name + "'"
    # reported by execute-formatted-sql-variable
    # ok: execute-formatted-sql
    conn.execute(query)


def constant_pieces(cur):
    # ok: execute-formatted-sql
    cur.execute("SELECT name FROM users WHERE age=" + "3")
    # ok: execute-formatted-sql
    cur.execute('SELECT * FROM John'.format())


async def asyncpg_and_pg8000(conn, pool, user_input, session):
    # ruleid: execute-formatted-sql
    rows = await conn.fetch(f"SELECT * FROM items WHERE owner = '{user_input}'")
    # ruleid: execute-formatted-sql
    row = await pool.fetchrow("SELECT * FROM items WHERE id = " + user_input)
    # ruleid: execute-formatted-sql
    conn.run("DELETE FROM items WHERE id = %s" % user_input)
    # ok: execute-formatted-sql
    page = await session.fetch(f"https://example.com/items/{user_input}")
    # ok: execute-formatted-sql
    same = await conn.fetch("SELECT * FROM items WHERE owner = $1", user_input)
    return rows, row, page, same


def by_ids(cur, ids, placeholders):
    # ok: execute-formatted-sql
    cur.execute("SELECT * FROM users WHERE id IN (%s)" % ",".join(["%s"] * len(ids)), ids)
    # ok: execute-formatted-sql
    cur.execute(f"SELECT * FROM users WHERE id IN ({', '.join('?' * len(ids))})", ids)
    # todook: execute-formatted-sql
    cur.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids)
