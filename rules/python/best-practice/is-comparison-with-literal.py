def handle(status, code, retries, payload, mode):
    # ruleid: is-comparison-with-literal
    if status is "done":
        return True
    # ruleid: is-comparison-with-literal
    if code is not 200:
        raise RuntimeError(code)
    # ruleid: is-comparison-with-literal
    if retries is 0 or payload is None:
        return False
    # ruleid: is-comparison-with-literal
    if payload is []:
        return False
    # ruleid: is-comparison-with-literal
    if -1 is code:
        return None
    # ruleid: is-comparison-with-literal
    return mode is 'r' 'b'


def handle_ok(status, code, flag, payload, sentinel=object()):
    # ok: is-comparison-with-literal
    if status == "done":
        return True
    # ok: is-comparison-with-literal
    if payload is None or flag is True or flag is not False:
        return False
    # ok: is-comparison-with-literal
    if code is sentinel:
        return None
    # ok: is-comparison-with-literal
    if code in (200, 201) and status != "error":
        return code
    # ok: is-comparison-with-literal
    return payload is ...
