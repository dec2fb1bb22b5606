import json
import pickle

import yaml
from flask import request


def restore():
    # ruleid: python-unsafe-deserialization
    state = pickle.loads(request.get_data())
    # ruleid: python-unsafe-deserialization
    config = yaml.unsafe_load(request.form["config"])
    # ok: python-unsafe-deserialization
    data = json.loads(request.get_data())
    # ok: python-unsafe-deserialization
    safe = yaml.safe_load(request.form["config"])
    with open("/var/lib/app/state.pkl", "rb") as fh:
        # ok: python-unsafe-deserialization
        cached = pickle.load(fh)
    return str(state)
