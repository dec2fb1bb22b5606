import logging

log = logging.getLogger(__name__)
_LOGGER = logging.getLogger("app.db")


def fetch(table, rows, elapsed):
    # ruleid: logging-eager-format
    log.debug(f"fetched {len(rows)} rows from {table} in {elapsed:.1f}s")
    # ruleid: logging-eager-format
    _LOGGER.info("table %s has %d rows" % (table, len(rows)))
    # ruleid: logging-eager-format
    logging.warning("slow query on {}".format(table))
    # ruleid: logging-eager-format
    log.log(logging.INFO, f"done with {table}")


class Worker:
    def __init__(self):
        self.logger = logging.getLogger(type(self).__name__)

    def run(self, job):
        try:
            job()
        except Exception:
            # ruleid: logging-eager-format
            self.logger.exception(f"job {job!r} failed")


def fetch_ok(table, rows, elapsed):
    # ok: logging-eager-format
    log.debug("fetched %d rows from %s in %.1fs", len(rows), table, elapsed)
    # ok: logging-eager-format
    _LOGGER.info("static message")
    # ok: logging-eager-format
    log.info(", ".join(sorted(table)))
    # ok: logging-eager-format
    print(f"fetched {len(rows)} rows")
    # ok: logging-eager-format
    log.log(logging.INFO, "done with %s", table)
