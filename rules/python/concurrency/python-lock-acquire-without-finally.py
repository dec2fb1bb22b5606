import asyncio
import threading

_cache_lock = threading.Lock()
_cache = {}


def cache_put(key, value):
    # ruleid: python-lock-acquire-without-finally
    _cache_lock.acquire()
    _cache[key] = value
    _cache_lock.release()


class Counter:
    def __init__(self):
        self._lock = threading.RLock()
        self._sem = threading.BoundedSemaphore(4)
        self.value = 0

    def with_statement(self, step):
        # ok: python-lock-acquire-without-finally
        with self._lock:
            self.value += step

    def increment(self, step):
        # ruleid: python-lock-acquire-without-finally
        self._lock.acquire()
        if step < 0:
            raise ValueError("negative step")
        self.value += step
        self._lock.release()

    def limited(self, fn):
        # ruleid: python-lock-acquire-without-finally
        self._sem.acquire()
        result = fn()
        self._sem.release()
        return result

    def safe_increment(self, step):
        # ok: python-lock-acquire-without-finally
        self._lock.acquire()
        try:
            self.value += step
        finally:
            self._lock.release()

    def safe_inside_try(self, step):
        try:
            # ok: python-lock-acquire-without-finally
            self._lock.acquire()
            self.value += step
        finally:
            self._lock.release()

    def __enter__(self):
        # ok: python-lock-acquire-without-finally
        self._lock.acquire()
        return self

    def __exit__(self, *exc):
        self._lock.release()


async def refresh(lock: asyncio.Lock, state):
    # ruleid: python-lock-acquire-without-finally
    await lock.acquire()
    state["token"] = await fetch_token()
    lock.release()


async def refresh_safe(lock: asyncio.Lock, state):
    # ok: python-lock-acquire-without-finally
    await lock.acquire()
    try:
        state["token"] = await fetch_token()
    finally:
        lock.release()


def try_once(lock, work):
    # todoruleid: python-lock-acquire-without-finally
    if lock.acquire(blocking=False):
        work()
        lock.release()


async def fetch_token():
    return "t"


class Limiter:
    def __init__(self):
        self._sem = asyncio.Semaphore(3)

    async def run(self, job):
        # ok: python-lock-acquire-without-finally
        await self._sem.acquire()
        try:
            return await job()
        finally:
            if self._sem.locked():
                self._sem.release()


def prepare_fork(lock):
    try:
        # ok: python-lock-acquire-without-finally
        lock.acquire()
    except BaseException:
        lock.release()
        raise
