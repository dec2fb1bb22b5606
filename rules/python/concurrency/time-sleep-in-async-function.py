import asyncio
import time
from time import sleep

import aiohttp


async def fetch_with_retry(session: aiohttp.ClientSession, url, attempts=3):
    for attempt in range(attempts):
        try:
            async with session.get(url) as resp:
                return await resp.json()
        except aiohttp.ClientError:
            # ruleid: time-sleep-in-async-function
            time.sleep(2 ** attempt)
    raise RuntimeError(url)


async def poll_status(client, job_id):
    while True:
        status = await client.status(job_id)
        if status == "done":
            return status
        # ruleid: time-sleep-in-async-function
        sleep(1.0)


class Throttle:
    async def __aenter__(self):
        if self.too_fast():
            # ruleid: time-sleep-in-async-function
            time.sleep(0.5)
        return self

    async def __aexit__(self, *exc):
        return False

    def too_fast(self):
        return False


async def fetch_with_backoff(session, url):
    for attempt in range(3):
        try:
            return await session.get(url)
        except OSError:
            # ok: time-sleep-in-async-function
            await asyncio.sleep(2 ** attempt)


async def run_blocking(loop):
    def slow_job():
        # ok: time-sleep-in-async-function
        time.sleep(5)
        return 42

    await loop.run_in_executor(None, slow_job)
    # ok: time-sleep-in-async-function
    await loop.run_in_executor(None, lambda: time.sleep(1))
    # ok: time-sleep-in-async-function
    await asyncio.to_thread(time.sleep, 1)


def sync_retry(fn):
    for attempt in range(3):
        try:
            return fn()
        except OSError:
            # ok: time-sleep-in-async-function
            time.sleep(2 ** attempt)
    return None
