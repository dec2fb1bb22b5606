import asyncio
import threading
from threading import Lock, RLock

import portalocker

_counter_lock = threading.Lock()
counter = 0


def increment():
    global counter
    # ruleid: lock-created-in-with-statement
    with threading.Lock():
        counter += 1


def append_line(path, line):
    # ruleid: lock-created-in-with-statement
    with Lock():
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)


class Registry:
    def __init__(self):
        self.items = {}
        self._lock = RLock()

    def add(self, key, value):
        # ruleid: lock-created-in-with-statement
        with RLock() as guard:
            self.items[key] = value
            return guard

    def add_safe(self, key, value):
        # ok: lock-created-in-with-statement
        with self._lock:
            self.items[key] = value


async def limited_fetch(session, url):
    # ruleid: lock-created-in-with-statement
    async with asyncio.Semaphore(10):
        return await session.get(url)


def increment_safe():
    global counter
    # ok: lock-created-in-with-statement
    with _counter_lock:
        counter += 1


def write_exclusive(path, data):
    # ok: lock-created-in-with-statement
    with portalocker.Lock(path + ".lock", timeout=10):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(data)
