import logging
import sys
import warnings

log = logging.getLogger(__name__)


def parse_price(row):
    try:
        return float(row["price"])
    # ruleid: broad-except-swallowed
    except Exception:
        return None


def import_rows(rows, db):
    imported = 0
    for row in rows:
        try:
            db.insert(row)
            imported += 1
        # ruleid: broad-except-swallowed
        except Exception:
            continue
    return imported


def ping_status(client):
    try:
        client.ping()
        healthy = True
    # ruleid: broad-except-swallowed
    except BaseException as exc:
        healthy = False
    return healthy


def load_plugin(name, registry):
    try:
        registry[name] = __import__(name)
    # ruleid: broad-except-swallowed
    except (ImportError, Exception):
        registry[name] = None


def parse_price_logged(row):
    try:
        return float(row["price"])
    # ok: broad-except-swallowed
    except Exception:
        log.exception("cannot parse price of row %s", row.get("id"))
        return None


def parse_price_inspected(row):
    try:
        return float(row["price"])
    # ok: broad-except-swallowed
    except Exception as exc:
        return {"error": str(exc)}


def parse_price_wrapped(row):
    try:
        return float(row["price"])
    # ok: broad-except-swallowed
    except Exception as exc:
        raise ValueError(f"bad price in row {row!r}") from exc


def cleanup(tmp):
    try:
        tmp.cleanup()
    # ok: broad-except-swallowed
    except Exception:
        pass


def parse_price_specific(row):
    try:
        return float(row["price"])
    # ok: broad-except-swallowed
    except (KeyError, ValueError):
        return None


def cli(argv):
    try:
        return run(argv)
    # ok: broad-except-swallowed
    except Exception:
        sys.stderr.write("unexpected failure\n")
        return 2


def deprecated_option(options):
    try:
        return options.pop("legacy")
    # ok: broad-except-swallowed
    except Exception:
        warnings.warn("legacy option could not be read", RuntimeWarning)
        return None


def run(argv):
    return argv


class Job:
    def __init__(self, payload):
        self.payload = payload

    def __repr__(self):
        try:
            detail = repr(self.payload)
        # ok: broad-except-swallowed
        except Exception:
            detail = "?"
        return f"<Job {detail}>"


def safe_isinstance(obj, cls):
    try:
        return isinstance(obj, cls)
    # ok: broad-except-swallowed
    except Exception:
        return False
