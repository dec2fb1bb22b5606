import concurrent.futures
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing.pool import ThreadPool

import requests


def fetch_all_with(urls):
    # ok: python-executor-not-shutdown
    with ThreadPoolExecutor(max_workers=8) as executor:
        return list(executor.map(lambda u: requests.get(u, timeout=10), urls))


# ok: python-executor-not-shutdown
BACKGROUND = ThreadPoolExecutor(max_workers=4, thread_name_prefix="bg")


def fetch_all(urls):
    # ruleid: python-executor-not-shutdown
    executor = ThreadPoolExecutor(max_workers=8)
    futures = [executor.submit(requests.get, u, timeout=10) for u in urls]
    return [f.result() for f in futures]


def checksum_all(paths):
    # ruleid: python-executor-not-shutdown
    pool = concurrent.futures.ProcessPoolExecutor()
    return list(pool.map(checksum, paths))


def resize_all(images):
    # ruleid: python-executor-not-shutdown
    pool = multiprocessing.Pool(processes=4)
    return pool.map(resize, images)


def probe_all(hosts):
    # ruleid: python-executor-not-shutdown
    pool = ThreadPool(16)
    return pool.map(probe, hosts)


def fire_and_forget(event):
    # ruleid: python-executor-not-shutdown
    ThreadPoolExecutor(max_workers=1).submit(send_event, event)


def resize_all_closed(images):
    # ok: python-executor-not-shutdown
    pool = multiprocessing.Pool(4)
    try:
        return pool.map(resize, images)
    finally:
        pool.close()
        pool.join()


def checksum_all_shutdown(paths):
    # ok: python-executor-not-shutdown
    executor = ProcessPoolExecutor(max_workers=2)
    try:
        return list(executor.map(checksum, paths))
    finally:
        executor.shutdown(wait=True)


def make_executor(workers):
    # ok: python-executor-not-shutdown
    executor = ThreadPoolExecutor(max_workers=workers)
    return executor


class Crawler:
    def __init__(self, workers):
        # ok: python-executor-not-shutdown
        self.pool = ThreadPoolExecutor(max_workers=workers)

    def close(self):
        self.pool.shutdown(wait=True)


def checksum(path):
    return path


def resize(image):
    return image


def probe(host):
    return host


def send_event(event):
    return event
