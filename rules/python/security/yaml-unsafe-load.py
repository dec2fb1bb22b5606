import yaml
from yaml import CSafeLoader


def load_config(path):
    with open(path) as f:
        # ruleid: yaml-unsafe-load
        return yaml.load(f)


def load_request(request):
    # ruleid: yaml-unsafe-load
    data = yaml.load(request.data, Loader=yaml.Loader)
    # ruleid: yaml-unsafe-load
    more = yaml.load(request.data, Loader=yaml.FullLoader)
    # ruleid: yaml-unsafe-load
    docs = list(yaml.load_all(request.data, yaml.UnsafeLoader))
    # ruleid: yaml-unsafe-load
    raw = yaml.unsafe_load(request.data)
    # ruleid: yaml-unsafe-load
    full = yaml.full_load(request.data)
    return data, more, docs, raw, full


def good(text):
    # ok: yaml-unsafe-load
    a = yaml.safe_load(text)
    # ok: yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: yaml-unsafe-load
    c = yaml.load(text, Loader=CSafeLoader)
    # ok: yaml-unsafe-load
    d = list(yaml.load_all(text, yaml.CSafeLoader))
    # ok: yaml-unsafe-load
    e = yaml.safe_load_all(text)
    # ok: yaml-unsafe-load
    f = yaml.dump(a)
    return a, b, c, d, e, f


class SafeOrderedLoader(yaml.SafeLoader):
    pass


def ordered(text, options):
    # ok: yaml-unsafe-load
    a = yaml.load(text, SafeOrderedLoader)
    # ruleid: yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.CLoader, **options)
    return a, b
