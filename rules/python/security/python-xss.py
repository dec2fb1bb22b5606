import html

from flask import Flask, make_response, render_template, render_template_string, request
from markupsafe import Markup

app = Flask(__name__)


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


@app.route("/hello/<name>")
def hello(name):
    # ruleid: python-xss
    return "<h1>Hello %s</h1>" % name


@app.route("/hello-safe/<name>")
def hello_safe(name):
    # ok: python-xss
    return "<h1>Hello %s</h1>" % html.escape(name)


def not_a_view(name):
    # ok: python-xss
    return "<h1>Hello %s</h1>" % name
