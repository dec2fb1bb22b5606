import asyncio
import urllib.request

import httpx
import requests


async def notify(webhook_url, payload):
    # ruleid: blocking-http-call-in-async-function
    resp = requests.post(webhook_url, json=payload, timeout=10)
    resp.raise_for_status()


async def latest_release(repo):
    # ruleid: blocking-http-call-in-async-function
    data = httpx.get(f"https://api.github.com/repos/{repo}/releases/latest").json()
    return data["tag_name"]


async def download(url):
    # ruleid: blocking-http-call-in-async-function
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.read()


class Handler:
    async def handle(self, request):
        # ruleid: blocking-http-call-in-async-function
        upstream = requests.request("GET", self.upstream + request.path, timeout=5)
        return upstream.content


async def notify_async(webhook_url, payload):
    async with httpx.AsyncClient(timeout=10) as client:
        # ok: blocking-http-call-in-async-function
        resp = await client.post(webhook_url, json=payload)
        resp.raise_for_status()


async def notify_in_thread(webhook_url, payload):
    # ok: blocking-http-call-in-async-function
    await asyncio.to_thread(lambda: requests.post(webhook_url, json=payload, timeout=10))


async def many(urls):
    def fetch(url):
        # ok: blocking-http-call-in-async-function
        return requests.get(url, timeout=10).text

    loop = asyncio.get_running_loop()
    return await asyncio.gather(*(loop.run_in_executor(None, fetch, u) for u in urls))


def sync_notify(webhook_url, payload):
    # ok: blocking-http-call-in-async-function
    requests.post(webhook_url, json=payload, timeout=10)
