from typing import Optional

MAX_SIZE = 1 << 20


def transfer_checked(user, account, amount):
    # ok: python-assert-used
    if not user.is_authenticated:
        raise PermissionError("login required")
    account.balance -= amount


def transfer(user, account, amount: int):
    # ruleid: python-assert-used
    assert user.is_authenticated, "login required"
    # ruleid: python-assert-used
    assert account.owner_id == user.id
    # ruleid: python-assert-used
    assert 0 < amount <= account.balance, "insufficient funds"
    account.balance -= amount


def resize(width, height, *, limit=MAX_SIZE):
    # ruleid: python-assert-used
    assert width > 0 and height > 0
    # ruleid: python-assert-used
    assert width * height <= limit
    return width * height


def upload(name: str, data):
    # ruleid: python-assert-used
    assert not name.startswith("/"), "absolute path"
    # ruleid: python-assert-used
    assert len(data) < MAX_SIZE
    # ruleid: python-assert-used
    assert name.endswith(".csv")
    return name


class Account:
    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        # ruleid: python-assert-used
        assert amount <= self.balance
        # ok: python-assert-used
        assert self.balance >= 0
        self.balance -= amount


def first_name(user: Optional[dict]):
    # ok: python-assert-used
    assert user is not None
    return user["first"]


def total(items):
    # ok: python-assert-used
    assert isinstance(items, list)
    return sum(items)


def merge(chunks):
    merged = []
    for chunk in chunks:
        merged.extend(chunk)
    # ok: python-assert-used
    assert len(merged) >= len(chunks)
    return merged


def test_transfer(user, account):
    # ok: python-assert-used
    assert account.balance == 0


def parse_mode(mode):
    if mode == "r":
        return 0
    # todoruleid: python-assert-used
    assert False, f"unknown mode {mode!r}"
