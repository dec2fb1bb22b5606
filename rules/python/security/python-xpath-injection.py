from flask import request
from lxml import etree

tree = etree.parse("users.xml")


def find_user():
    name = request.args["name"]
    # ruleid: python-xpath-injection
    found = tree.xpath("//user[@name='" + name + "']")
    # ok: python-xpath-injection
    safe = tree.xpath("//user[@name = $name]", name=name)
    # ruleid: python-xpath-injection
    again = tree.getroot().findall(".//user[@name='%s']" % name)
    return str(found)
