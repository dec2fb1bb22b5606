import datetime


def serialize_ok(value):
    # ok: type-equality-comparison
    if isinstance(value, dict):
        return dict(value)
    # ok: type-equality-comparison
    if type(value) is bool:
        return int(value)
    return value


def serialize(value):
    # ruleid: type-equality-comparison
    if type(value) == dict:
        return {k: serialize(v) for k, v in value.items()}
    # ruleid: type-equality-comparison
    if type(value) != list and type(value) != tuple:
        return value
    return [serialize(v) for v in value]


def stamp(value):
    # ruleid: type-equality-comparison
    if datetime.datetime == type(value):
        return value.isoformat()
    return str(value)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        # ok: type-equality-comparison
        if type(self) != type(other):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)
