from lxml import etree
import lxml.etree

SAFE = etree.XMLParser(resolve_entities=False, no_network=True)


def import_invoice(request):
    # ruleid: lxml-external-entities
    parser = etree.XMLParser(resolve_entities=True)
    return etree.fromstring(request.data, parser)


def import_catalog(upload):
    # ruleid: lxml-external-entities
    parser = lxml.etree.XMLParser(load_dtd=True)
    # ruleid: lxml-external-entities
    tree = etree.parse(upload)
    # ruleid: lxml-external-entities
    root = etree.fromstring(upload.read())
    return parser, tree, root


def good(request, path):
    # ok: lxml-external-entities
    root = etree.fromstring(request.data, SAFE)
    # ok: lxml-external-entities
    tree = etree.parse(path, parser=SAFE)
    # ok: lxml-external-entities
    hardened = etree.XMLParser(resolve_entities=False)
    # ok: lxml-external-entities
    doc = etree.fromstring(request.data, etree.XMLParser(resolve_entities=False))
    # ok: lxml-external-entities
    static = etree.fromstring("<root/>")
    # ok: lxml-external-entities
    text = etree.tostring(root)
    return root, tree, hardened, doc, static, text
