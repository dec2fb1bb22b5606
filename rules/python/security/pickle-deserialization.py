import base64
import json
import pickle
import shelve

import cloudpickle
import dill
import joblib
import numpy as np
import pandas as pd


def from_cookie(request):
    raw = base64.b64decode(request.cookies["state"])
    # ruleid: pickle-deserialization
    return pickle.loads(raw)


def from_file(path):
    with open(path, "rb") as f:
        # ruleid: pickle-deserialization
        data = pickle.load(f)
    # ruleid: pickle-deserialization
    unpickler = pickle.Unpickler(open(path, "rb"))
    return data, unpickler.load()


def other_libraries(blob, path):
    # ruleid: pickle-deserialization
    fn = dill.loads(blob)
    # ruleid: pickle-deserialization
    task = cloudpickle.loads(blob)
    # ruleid: pickle-deserialization
    model = joblib.load(path)
    # ruleid: pickle-deserialization
    frame = pd.read_pickle(path)
    # ruleid: pickle-deserialization
    db = shelve.open(path)
    # ruleid: pickle-deserialization
    arr = np.load(path, allow_pickle=True)
    return fn, task, model, frame, db, arr


def good(blob, path, obj):
    # ok: pickle-deserialization
    data = json.loads(blob)
    # ok: pickle-deserialization
    dumped = pickle.dumps(obj)
    # ok: pickle-deserialization
    arr = np.load(path)
    # ok: pickle-deserialization
    frame = pd.read_parquet(path)
    return data, dumped, arr, frame
