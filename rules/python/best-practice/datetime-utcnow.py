import datetime as dt
from datetime import datetime, timezone


def created_at():
    # ruleid: datetime-utcnow
    return datetime.utcnow()


def expires_at(seconds):
    # ruleid: datetime-utcnow
    return dt.datetime.utcnow() + dt.timedelta(seconds=seconds)


def from_epoch(epoch):
    # ruleid: datetime-utcnow
    return datetime.utcfromtimestamp(epoch).isoformat()


def created_at_aware():
    # ok: datetime-utcnow
    return datetime.now(timezone.utc)


def from_epoch_aware(epoch):
    # ok: datetime-utcnow
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def arrow_now(arrow):
    # ok: datetime-utcnow
    return arrow.utcnow()
