from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup

ICON = "<svg></svg>"


def greeting(request):
    name = request.GET.get("name", "")
    # ruleid: mark-safe-non-constant
    return mark_safe("<b>Hello " + name + "</b>")


def comment_html(comment):
    # ruleid: mark-safe-non-constant
    body = mark_safe(f"<p>{comment.text}</p>")
    # ruleid: mark-safe-non-constant
    title = SafeString(comment.title)
    # ruleid: mark-safe-non-constant
    flask_html = Markup("<em>%s</em>" % comment.author)
    return body, title, flask_html


def good(user):
    # ok: mark-safe-non-constant
    a = mark_safe("<br>")
    # ok: mark-safe-non-constant
    b = mark_safe(ICON)
    # ok: mark-safe-non-constant
    c = format_html("<b>{}</b>", user.name)
    # ok: mark-safe-non-constant
    d = mark_safe(escape(user.name) + "<br>")
    # ok: mark-safe-non-constant
    e = Markup("<b>{}</b>").format(user.name)
    return a, b, c, d, e


def qualified(name):
    import markupsafe
    # ruleid: mark-safe-non-constant
    return markupsafe.Markup("<i>" + name + "</i>")
