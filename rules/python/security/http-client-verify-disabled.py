import aiohttp
import boto3
import httpx
import requests


def fetch(url, token):
    # ruleid: http-client-verify-disabled
    resp = requests.get(url, headers={"Authorization": token}, verify=False)
    # ruleid: http-client-verify-disabled
    requests.post(url, json={"a": 1}, timeout=5, verify=False)
    return resp.json()


def session_client(base):
    session = requests.Session()
    # ruleid: http-client-verify-disabled
    session.verify = False
    # ruleid: http-client-verify-disabled
    return session.request("GET", base, verify=False)


def other_clients(url):
    # ruleid: http-client-verify-disabled
    client = httpx.Client(base_url=url, verify=False)
    # ruleid: http-client-verify-disabled
    s3 = boto3.client("s3", endpoint_url=url, verify=False)
    return client, s3


async def async_fetch(url):
    # ruleid: http-client-verify-disabled
    connector = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        # ruleid: http-client-verify-disabled
        async with session.get(url, ssl=False) as resp:
            return await resp.text()


def good(url, jwt, token, key):
    # ok: http-client-verify-disabled
    requests.get(url, verify=True)
    # ok: http-client-verify-disabled
    requests.get(url, verify="/etc/ssl/certs/internal-ca.pem")
    # ok: http-client-verify-disabled
    client = httpx.Client(verify=True)
    session = requests.Session()
    # ok: http-client-verify-disabled
    session.verify = "/etc/ssl/certs/internal-ca.pem"
    # ok: http-client-verify-disabled
    claims = jwt.decode(token, key, verify=False)
    return client, session, claims
