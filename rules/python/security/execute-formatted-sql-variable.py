import pandas as pd
from sqlalchemy import text


def find_user(conn, name):
    sql = "SELECT id, email FROM users WHERE name = '" + name + "'"
    cur = conn.cursor()
    # ruleid: execute-formatted-sql-variable
    cur.execute(sql)
    return cur.fetchone()


def search(cur, term, category):
    query = f"SELECT * FROM products WHERE title LIKE '%{term}%'"
    if category:
        query += f" AND category = '{category}'"
    # ruleid: execute-formatted-sql-variable
    cur.execute(query)


def by_order(engine, column):
    statement = "SELECT * FROM orders ORDER BY {}".format(column)
    # ruleid: execute-formatted-sql-variable
    return pd.read_sql(statement, engine)


def update(session, status, order_id):
    stmt = "UPDATE orders SET status = '%s' WHERE id = %s" % (status, order_id)
    # ruleid: execute-formatted-sql-variable
    session.execute(text(stmt))


def safe(cur, session, name, greeting_name):
    sql = "SELECT id FROM users WHERE name = %s"
    # ok: execute-formatted-sql-variable
    cur.execute(sql, (name,))
    query = "SELECT id FROM users WHERE active = 1"
    # ok: execute-formatted-sql-variable
    cur.execute(query)
    where = "WHERE name = %(name)s"
    select = "SELECT id FROM users " + where
    # ok: execute-formatted-sql-variable
    cur.execute(select, {"name": name})
    greeting = f"Hello {greeting_name}"
    # ok: execute-formatted-sql-variable
    print(greeting)


def across_functions(cur, table):
    # todoruleid: execute-formatted-sql-variable
    cur.execute(build_query(table))


def frame(engine, region):
    sql = "SELECT * FROM sales WHERE region = " + "%(region)s"
    # ok: execute-formatted-sql-variable
    return pd.read_sql(sql, engine, params={"region": region})


def constant_pieces(cur):
    query = "SELECT name FROM users " + "WHERE age = 3"
    # ok: execute-formatted-sql-variable
    cur.execute(query)


async def asyncpg_lookup(conn, user_input):
    sql_query = "SELECT * FROM items WHERE owner = '{}'".format(user_input)
    # ruleid: execute-formatted-sql-variable
    return await conn.fetch(sql_query)


def by_ids(cur, ids):
    query = "DELETE FROM sessions WHERE user_id IN (%s)" % ",".join(["%s"] * len(ids))
    # ok: execute-formatted-sql-variable
    cur.execute(query)
