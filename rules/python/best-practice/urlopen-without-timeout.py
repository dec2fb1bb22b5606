import json
import urllib.request
from urllib.request import Request, urlopen

DEFAULT_TIMEOUT = 15


def fetch(url):
    # ruleid: urlopen-without-timeout
    with urllib.request.urlopen(url) as resp:
        return resp.read()


def post_json(url, payload):
    req = Request(url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    # ruleid: urlopen-without-timeout
    with urlopen(req, context=None) as resp:
        return json.load(resp)


def fetch_none(url):
    # ruleid: urlopen-without-timeout
    with urlopen(url, timeout=None) as resp:
        return resp.read()


def fetch_ok(url):
    # ok: urlopen-without-timeout
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.read()


def post_ok(url, data):
    # ok: urlopen-without-timeout
    with urlopen(url, data, DEFAULT_TIMEOUT) as resp:
        return resp.read()


def fetch_kwargs(url, **kwargs):
    # ok: urlopen-without-timeout
    with urlopen(url, **kwargs) as resp:
        return resp.read()
