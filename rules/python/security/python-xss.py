import html

from flask import make_response, render_template, render_template_string, request
from markupsafe import Markup


def greet():
    name = request.args.get("name", "")
    # ruleid: python-xss
    resp = make_response("<p>Hello " + name + "</p>")
    # ruleid: python-xss
    page = render_template_string("<p>Hello " + name + "</p>")
    # ruleid: python-xss
    banner = Markup(f"<b>{name}</b>")
    # ok: python-xss
    safe = make_response("<p>Hello " + html.escape(name) + "</p>")
    # ok: python-xss
    templated = render_template("greet.html", name=name)
    return resp
