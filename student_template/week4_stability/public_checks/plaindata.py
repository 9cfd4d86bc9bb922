"""Plain data as JSON text, NumPy arrays included: how a release stores its public checks.

``dumps`` writes an array as ``{"__array__": dtype, "shape": [...], "data": [...]}`` (float64,
int64 or bool; floats in their shortest exact form, NaN and infinities as JSON's ``NaN`` /
``Infinity``), so ``loads(dumps(x))`` gives back exactly the same numbers. Standard library and
NumPy only: this file is copied into every release.
"""
from __future__ import annotations

import json

import numpy as np

ARRAY = "__array__"
DTYPES = {"f": "float64", "i": "int64", "u": "int64", "b": "bool"}


def encode(value):
    """``value`` with every array replaced by its JSON form (tuples become lists)."""
    if isinstance(value, np.ndarray):
        dtype = DTYPES.get(value.dtype.kind)
        if dtype is None:
            raise TypeError(f"an array of dtype {value.dtype} is not plain data")
        arr = value.astype(dtype)
        return {ARRAY: dtype, "shape": list(arr.shape), "data": arr.ravel().tolist()}
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def decode(value):
    if isinstance(value, dict):
        if ARRAY in value:
            return np.array(value["data"], dtype=value[ARRAY]).reshape(value["shape"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def dumps(value, **kw) -> str:
    return json.dumps(encode(value), **kw)


def loads(text: str):
    return decode(json.loads(text))
