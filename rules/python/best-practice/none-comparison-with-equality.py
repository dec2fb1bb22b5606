def describe(value, default=None):
    # ruleid: none-comparison-with-equality
    if value == None:
        return default
    # ruleid: none-comparison-with-equality
    while default != None and value:
        value = value[1:]
    # ruleid: none-comparison-with-equality
    return "empty" if None == value else str(value)


def check(value):
    # ok: none-comparison-with-equality
    if value is None:
        return False
    # ok: none-comparison-with-equality
    return value is not None and value != 0


def inactive_users(session, User, frame):
    # ok: none-comparison-with-equality
    rows = session.query(User).filter(User.deleted_at == None).all()
    # ok: none-comparison-with-equality
    missing = frame[frame["email"] == None]
    return rows, missing
