import json
import logging
import os
import sys

log = logging.getLogger(__name__)


def load(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    # ruleid: bare-except
    except:
        return {}


def main():
    try:
        run()
    # ruleid: bare-except
    except:
        log.exception("crashed")
        sys.exit(1)


def remove_quietly(path):
    try:
        os.remove(path)
    # ruleid: bare-except
    except: pass


def load_specific(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    # ok: bare-except
    except (OSError, ValueError):
        return {}


def write_atomic(path, data):
    tmp = path + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    # ok: bare-except
    except:
        os.remove(tmp)
        raise


def serve(handler):
    try:
        handler.handle()
    except (KeyboardInterrupt, SystemExit):
        raise
    # ok: bare-except
    except:
        handler.handle_error()


def guarded():
    try:
        run()
    # ok: bare-except
    except Exception:
        log.exception("run failed")


def run():
    return None
