import jinja2
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment


def render_profile(user):
    # ruleid: jinja2-autoescape-disabled
    env = Environment(loader=FileSystemLoader("templates"))
    return env.get_template("profile.html").render(user=user)


def render_comment(comment):
    # ruleid: jinja2-autoescape-disabled
    env = jinja2.Environment(autoescape=False)
    return env.from_string("<p>{{ c }}</p>").render(c=comment)


def sandbox():
    # ruleid: jinja2-autoescape-disabled
    return SandboxedEnvironment()


def good(options):
    # ok: jinja2-autoescape-disabled
    env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))
    # ok: jinja2-autoescape-disabled
    strict = jinja2.Environment(autoescape=True)
    # ok: jinja2-autoescape-disabled
    configured = Environment(**options)
    return env, strict, configured
