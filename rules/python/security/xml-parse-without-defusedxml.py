import xml.dom.minidom
import xml.etree.ElementTree as ET
from xml.dom import pulldom
from xml.etree.ElementTree import fromstring
from xml.sax import parseString

from lxml import etree

SETTINGS_XML = "<settings/>"


def handle_upload(request):
    # ruleid: xml-parse-without-defusedxml
    root = ET.fromstring(request.data)
    # ruleid: xml-parse-without-defusedxml
    tree = ET.parse(request.files["doc"])
    return root, tree


def parse_feed(body, handler, path):
    # ruleid: xml-parse-without-defusedxml
    doc = xml.dom.minidom.parseString(body)
    # ruleid: xml-parse-without-defusedxml
    events = pulldom.parse(path)
    # ruleid: xml-parse-without-defusedxml
    parseString(body, handler)
    # ruleid: xml-parse-without-defusedxml
    node = fromstring(body.decode("utf-8"))
    return doc, events, node


def good(text, parser):
    # ok: xml-parse-without-defusedxml
    defaults = ET.fromstring("<config><debug>false</debug></config>")
    # ok: xml-parse-without-defusedxml
    settings = ET.fromstring(SETTINGS_XML)
    # ok: xml-parse-without-defusedxml
    bundled = ET.parse("resources/schema.xml")
    # ok: xml-parse-without-defusedxml
    result = parser.parse(text)
    # ok: xml-parse-without-defusedxml
    tree = etree.fromstring(text, etree.XMLParser(resolve_entities=False))
    return defaults, settings, bundled, result, tree
