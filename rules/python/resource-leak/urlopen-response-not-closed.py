import contextlib
import json
import urllib.request
from urllib.request import Request, urlopen


def fetch_status(url):
    # ruleid: urlopen-response-not-closed
    resp = urllib.request.urlopen(url, timeout=10)
    return resp.status


def fetch_json(url):
    req = Request(url, headers={"Accept": "application/json"})
    # ruleid: urlopen-response-not-closed
    response = urlopen(req, timeout=10)
    body = response.read()
    return json.loads(body)


def fetch_text(url):
    # ruleid: urlopen-response-not-closed
    return urlopen(url, timeout=5).read().decode("utf-8")


def fetch_manifest(url):
    # ruleid: urlopen-response-not-closed
    return json.load(urllib.request.urlopen(url, timeout=5))


def fetch_with(url):
    # ok: urlopen-response-not-closed
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.read()


def fetch_closing(url):
    # ok: urlopen-response-not-closed
    with contextlib.closing(urlopen(url, timeout=10)) as resp:
        return resp.read()


def fetch_finally(url):
    # ok: urlopen-response-not-closed
    resp = urlopen(url, timeout=10)
    try:
        return resp.read()
    finally:
        resp.close()


def open_stream(url):
    # ok: urlopen-response-not-closed
    resp = urlopen(url, timeout=30)
    return resp


def stream_with(url):
    # ok: urlopen-response-not-closed
    resp = urlopen(url, timeout=30)
    with resp:
        yield from resp


def mirror_latency(urls):
    timings = {}
    for url in urls:
        # ruleid: urlopen-response-not-closed
        urlopen(url, timeout=2).read(1024)
        timings[url] = 0
    session = open_session()
    session.close()
    return timings


def open_session():
    return None
