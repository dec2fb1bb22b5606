import httpx
import requests

TIMEOUT = (3.05, 30)


def get_user(api, user_id):
    # ruleid: requests-without-timeout
    resp = requests.get(f"{api}/users/{user_id}")
    resp.raise_for_status()
    return resp.json()


def create_user(api, payload):
    # ruleid: requests-without-timeout
    return requests.post(api + "/users", json=payload, headers={"X-Trace": "1"}).json()


def delete_user(api, user_id):
    # ruleid: requests-without-timeout
    requests.request("DELETE", f"{api}/users/{user_id}")


def fetch_report(url):
    # ruleid: requests-without-timeout
    return requests.get(url, stream=True, timeout=None)


def fetch_forever(url):
    # ruleid: requests-without-timeout
    return httpx.get(url, timeout=None).text


def get_user_ok(api, user_id):
    # ok: requests-without-timeout
    resp = requests.get(f"{api}/users/{user_id}", timeout=10)
    return resp.json()


def create_user_ok(api, payload):
    # ok: requests-without-timeout
    return requests.post(api + "/users", json=payload, timeout=TIMEOUT).json()


def call(method, url, **kwargs):
    kwargs.setdefault("timeout", 10)
    # ok: requests-without-timeout
    return requests.request(method, url, **kwargs)


def fetch_httpx_default(url):
    # ok: requests-without-timeout
    return httpx.get(url).text
