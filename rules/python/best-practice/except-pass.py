import contextlib
import logging
import os

log = logging.getLogger(__name__)


def refresh_cache(cache):
    try:
        cache.refresh()
    # ruleid: except-pass
    except Exception:
        pass


def cleanup(path):
    try:
        os.remove(path)
    # ruleid: except-pass
    except:
        pass


def close_all(handles):
    for h in handles:
        try:
            h.close()
        # ruleid: except-pass
        except Exception as exc:
            pass  # best effort


def notify(hook, event):
    try:
        hook(event)
    # ruleid: except-pass
    except (ValueError, Exception):
        ...


def stop(worker):
    try:
        worker.stop()
    # ruleid: except-pass
    except BaseException: pass


def cleanup_specific(path):
    try:
        os.remove(path)
    # ok: except-pass
    except FileNotFoundError:
        pass


def cleanup_suppress(path):
    # ok: except-pass
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


def refresh_logged(cache):
    try:
        cache.refresh()
    # ok: except-pass
    except Exception:
        log.debug("cache refresh failed", exc_info=True)


def refresh_then_pass(cache):
    try:
        cache.refresh()
    # ok: except-pass
    except Exception:
        cache.invalidate()
        pass
