from django.core.cache import cache


def lookup(store, key, params):
    # ruleid: dict-has-key
    if store.has_key(key):
        return store[key]
    # ruleid: dict-has-key
    if not params.has_key("page"):
        params["page"] = 1
    # ok: dict-has-key
    if key in store:
        return store[key]
    # ok: dict-has-key
    return params.get("page") if "page" in params else None


def cached_page(key):
    # ok: dict-has-key
    if cache.has_key(key):
        return cache.get(key)
    return None
