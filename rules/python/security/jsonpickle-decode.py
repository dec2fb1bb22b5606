import json

import jsonpickle


def restore_session(request):
    # ruleid: jsonpickle-decode
    return jsonpickle.decode(request.data)


def load_state(raw):
    # ruleid: jsonpickle-decode
    state = jsonpickle.loads(raw)
    # ruleid: jsonpickle-decode
    other = jsonpickle.Unpickler().restore(json.loads(raw))
    return state, other


def good(obj, raw):
    # ok: jsonpickle-decode
    text = jsonpickle.encode(obj, unpicklable=False)
    # ok: jsonpickle-decode
    data = json.loads(raw)
    return text, data
