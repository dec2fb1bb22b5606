import ldap
from flask import request
from ldap.filter import escape_filter_chars

conn = ldap.initialize("ldap://localhost")


def find_user():
    user = request.args["user"]
    # ruleid: python-ldap-injection
    conn.search_s("ou=users,dc=example", ldap.SCOPE_SUBTREE, "(uid=" + user + ")")
    # ok: python-ldap-injection
    conn.search_s("ou=users,dc=example", ldap.SCOPE_SUBTREE, "(uid=" + escape_filter_chars(user) + ")")
    # ok: python-ldap-injection
    conn.search_s("ou=users,dc=example", ldap.SCOPE_SUBTREE, "(uid=admin)")
