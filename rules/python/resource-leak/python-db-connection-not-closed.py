import contextlib
import sqlite3

import asyncpg
import mysql.connector
import psycopg2
import pymysql
from sqlalchemy import create_engine, text

engine = create_engine("postgresql://app@db/app")


def add_user_closing(db_path, name):
    # ok: python-db-connection-not-closed
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        with conn:
            conn.execute("INSERT INTO users(name) VALUES (?)", (name,))


def count_users(db_path):
    # ruleid: python-db-connection-not-closed
    conn = sqlite3.connect(db_path)
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM users")
    return cur.fetchone()[0]


def add_user(db_path, name):
    # ruleid: python-db-connection-not-closed
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO users(name) VALUES (?)", (name,))


def order_total(dsn, order_id):
    # ruleid: python-db-connection-not-closed
    conn = psycopg2.connect(dsn)
    with conn:
        with conn.cursor() as cur:
            cur.execute("SELECT total FROM orders WHERE id = %s", (order_id,))
            return cur.fetchone()


def mark_paid(order_id):
    # ruleid: python-db-connection-not-closed
    db = pymysql.connect(host="db", user="app", database="shop")
    cur = db.cursor()
    cur.execute("UPDATE orders SET paid = 1 WHERE id = %s", (order_id,))
    db.commit()


def legacy_lookup(sku):
    # ruleid: python-db-connection-not-closed
    cnx = mysql.connector.connect(user="ro", database="inventory")
    cursor = cnx.cursor()
    cursor.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
    return cursor.fetchone()


async def fetch_row(dsn, key):
    # ruleid: python-db-connection-not-closed
    conn = await asyncpg.connect(dsn)
    return await conn.fetchrow("SELECT * FROM kv WHERE k = $1", key)


def report():
    # ruleid: python-db-connection-not-closed
    conn = engine.connect()
    return conn.execute(text("SELECT 1")).scalar()


def count_closed(db_path):
    # ok: python-db-connection-not-closed
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    finally:
        conn.close()


def add_user_closed(db_path, name):
    # ruleid: python-db-connection-not-closed
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO users(name) VALUES (?)", (name,))
    conn.close()


def add_user_closing(db_path, name):
    # ok: python-db-connection-not-closed
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        with conn:
            conn.execute("INSERT INTO users(name) VALUES (?)", (name,))


def wrapped(dsn):
    # ok: python-db-connection-not-closed
    conn = psycopg2.connect(dsn)
    with contextlib.closing(conn):
        return conn.server_version


def get_connection(dsn):
    # ok: python-db-connection-not-closed
    conn = psycopg2.connect(dsn, connect_timeout=5)
    conn.autocommit = True
    return conn


class Repository:
    def __init__(self, db_path):
        # ok: python-db-connection-not-closed
        self.conn = sqlite3.connect(db_path)

    def reopen(self, db_path):
        # ok: python-db-connection-not-closed
        conn = sqlite3.connect(db_path)
        self.conn = conn


def engine_scoped():
    # ok: python-db-connection-not-closed
    with engine.connect() as conn:
        return conn.execute(text("SELECT 1")).scalar()


async def fetch_closed(dsn, key):
    # ok: python-db-connection-not-closed
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchrow("SELECT * FROM kv WHERE k = $1", key)
    finally:
        await conn.close()


def psycopg3_block(dsn):
    import psycopg

    # ok: python-db-connection-not-closed
    conn = psycopg.connect(dsn)
    with conn:
        return conn.execute("SELECT 1").fetchone()
