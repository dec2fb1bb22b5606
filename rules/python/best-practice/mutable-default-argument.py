import collections
from collections import defaultdict
from typing import Dict, List, Optional


# ruleid: mutable-default-argument
def add_tag(tag, tags=[]):
    tags.append(tag)
    return tags


# ruleid: mutable-default-argument
def merge_headers(extra, headers={"Accept": "application/json"}):
    headers.update(extra)
    return headers


def register(name, *, seen: set = set(), registry: Dict[str, int] = {}):  # ruleid: mutable-default-argument
    seen.add(name)
    registry[name] = len(seen)


class Cache:
    # ruleid: mutable-default-argument
    def __init__(self, store=dict(), hits=collections.Counter()):
        self.store = store
        self.hits = hits

    # ruleid: mutable-default-argument
    def group(self, rows, buckets=defaultdict(list)):
        for key, value in rows:
            buckets[key].append(value)
        return buckets


# ruleid: mutable-default-argument
handler = lambda event, log=[]: log.append(event)


# ok: mutable-default-argument
def add_tag_safe(tag, tags: Optional[List[str]] = None):
    if tags is None:
        tags = []
    tags.append(tag)
    return tags


# ok: mutable-default-argument
def columns(names=("id", "name"), flags=frozenset({"a"}), limit=10, sep=","):
    return [n for n in names if n not in flags][:limit]


# ok: mutable-default-argument
def build(items: list = None, factory=list):
    return factory(items or [])
