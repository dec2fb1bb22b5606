import requests
from requests import Session


class GitHubClient:
    def __init__(self, token):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {token}"

    def repo(self, name):
        # ruleid: requests-session-without-timeout
        return self.session.get(f"https://api.github.com/repos/{name}").json()

    def star(self, name):
        # ruleid: requests-session-without-timeout
        self.session.put(f"https://api.github.com/user/starred/{name}", timeout=None)

    def issues(self, name):
        # ok: requests-session-without-timeout
        return self.session.get(f"https://api.github.com/repos/{name}/issues", timeout=10).json()


def upload_all(paths, url):
    with requests.Session() as s:
        for p in paths:
            with open(p, "rb") as fh:
                # ruleid: requests-session-without-timeout
                s.post(url, files={"file": fh})


def ping(url):
    http = Session()
    # ruleid: requests-session-without-timeout
    return http.head(url).ok


def ping_ok(url):
    http = Session()
    # ok: requests-session-without-timeout
    return http.head(url, timeout=5).ok


def lookup(cache, key):
    # ok: requests-session-without-timeout
    return cache.get(key)


def forward(session, method, url, **kwargs):
    # todoruleid: requests-session-without-timeout
    return session.request(method, url)
