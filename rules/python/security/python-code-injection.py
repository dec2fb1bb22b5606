import ast

from flask import request


def calc():
    expr = request.args.get("expr", "")
    # ruleid: python-code-injection
    result = eval(expr)
    # ruleid: python-code-injection
    exec("x = " + expr)
    # ok: python-code-injection
    value = ast.literal_eval(expr)
    # ok: python-code-injection
    total = eval("1 + 2")
    return str(result)
