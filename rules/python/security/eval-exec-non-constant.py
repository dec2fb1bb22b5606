import ast
import re
from re import compile

DEFAULT_EXPR = "1 + 1"


def calculate(request):
    expr = request.args.get("expr")
    # ruleid: eval-exec-non-constant
    return eval(expr)


def apply_filter(rows, field, value):
    # ruleid: eval-exec-non-constant
    return [r for r in rows if eval(f"r.{field} == {value!r}")]


def run_plugin(source, namespace):
    # ruleid: eval-exec-non-constant
    exec(source, namespace)
    # ruleid: eval-exec-non-constant
    exec("result = " + namespace["expr"], namespace)
    # ruleid: eval-exec-non-constant
    code = compile(source, "<plugin>", "exec")
    # ruleid: eval-exec-non-constant
    expr_code = compile(namespace["expr"], filename="<expr>", mode="eval")
    return code, expr_code


def good(text, pattern):
    # ok: eval-exec-non-constant
    value = ast.literal_eval(text)
    # ok: eval-exec-non-constant
    two = eval("1 + 1")
    # ok: eval-exec-non-constant
    default = eval(DEFAULT_EXPR)
    snippet = "import math"
    # ok: eval-exec-non-constant
    exec(snippet)
    # ok: eval-exec-non-constant
    regex = compile(pattern)
    # ok: eval-exec-non-constant
    regex2 = re.compile(pattern)
    # ok: eval-exec-non-constant
    model_eval = text.eval()
    return value, two, default, regex, regex2, model_eval
