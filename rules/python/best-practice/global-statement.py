import functools

_config = None
request_count = 0


class RequestCounter:
    def __init__(self):
        self.value = 0

    def increment(self):
        # ok: global-statement
        self.value += 1
        return self.value


def load_config(path):
    # ruleid: global-statement
    global _config
    if _config is None:
        _config = {"path": path}
    return _config


class Handler:
    def handle(self, request):
        # ruleid: global-statement
        global request_count
        request_count += 1
        return request


def read_count():
    # ok: global-statement
    return request_count


@functools.cache
def get_config():
    # ok: global-statement
    return {"path": "app.toml"}


def make_counter():
    count = 0

    def increment():
        # ok: global-statement
        nonlocal count
        count += 1
        return count

    return increment


# ok: global-statement
global request_total
