"""Plain data across the sandbox boundary: length-prefixed JSON, arrays as base64.

Only these values cross: None, bool, int, float (NaN/inf allowed, the graders
judge finiteness), str, list, dict with str keys, and NumPy arrays of dtype
bool, int64 or float64. Nothing is unpickled; everything that arrives from a
child is checked for type, size, dtype and shape before a grader sees it.

This module runs on both sides (the child imports it inside the sandbox), so
it uses only the standard library and NumPy.
"""
from __future__ import annotations

import base64
import json
import socket
import struct

import numpy as np

MAX_MESSAGE = 64 * 1024 * 1024      # a grading answer is at most a few MB; 64 MB bounds a hostile one
MAX_DEPTH = 32                      # results nest a few levels (lists of arrays, dicts of lists)
MAX_INT_DIGITS = 40                 # no legitimate integer result has more digits
DTYPES = {"float64": np.float64, "int64": np.int64, "bool": np.bool_}
_HEADER = struct.Struct("!I")
ARRAY_KEY = "__ndarray__"


class ProtocolError(ValueError):
    """A message that is not plain data of the allowed kinds."""


def _encode(value, depth=0):
    if depth > MAX_DEPTH:
        raise ProtocolError("data nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            arr = value.astype(np.float64)
        elif value.dtype.kind in "iu":
            arr = value.astype(np.int64)
        elif value.dtype.kind == "b":
            arr = value.astype(np.bool_)
        else:
            raise ProtocolError(f"an array of dtype {value.dtype} (expected numbers)")
        arr = np.array(arr, order="C", copy=True)       # (ascontiguousarray would make 0-d arrays 1-d)
        return {ARRAY_KEY: base64.b64encode(arr.tobytes()).decode("ascii"),
                "dtype": arr.dtype.name, "shape": list(arr.shape)}
    if isinstance(value, (list, tuple)):
        return [_encode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str) or k == ARRAY_KEY:
                raise ProtocolError(f"a dict key {k!r} (keys must be strings)")
            out[k] = _encode(v, depth + 1)
        return out
    raise ProtocolError(f"an object of type {type(value).__name__} (expected numbers, arrays, lists or strings)")


def dumps(value) -> bytes:
    body = json.dumps(_encode(value), allow_nan=True, separators=(",", ":")).encode()
    if len(body) > MAX_MESSAGE:
        raise ProtocolError(f"a message of {len(body)} bytes (limit {MAX_MESSAGE})")
    return body


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ProtocolError("an integer with too many digits")
    return int(text)


def _decode_array(node: dict) -> np.ndarray:
    if set(node) != {ARRAY_KEY, "dtype", "shape"}:
        raise ProtocolError("a malformed array")
    dtype = DTYPES.get(node["dtype"]) if isinstance(node["dtype"], str) else None
    shape = node["shape"]
    if dtype is None:
        raise ProtocolError(f"an array of dtype {node['dtype']!r}")
    if (not isinstance(shape, list) or len(shape) > 8
            or not all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s for s in shape)):
        raise ProtocolError(f"an array with shape {shape!r}")
    if not isinstance(node[ARRAY_KEY], str):
        raise ProtocolError("an array without data")
    try:
        raw = base64.b64decode(node[ARRAY_KEY], validate=True)
    except ValueError as exc:
        raise ProtocolError("an array whose data is not base64") from exc
    arr = np.frombuffer(raw, dtype=dtype)
    if arr.size != int(np.prod(shape, dtype=np.int64)) or len(raw) != arr.size * arr.itemsize:
        raise ProtocolError(f"an array whose data does not fit its shape {shape}")
    return arr.reshape(shape).copy()


def _decode(node, depth=0):
    if depth > MAX_DEPTH:
        raise ProtocolError("data nested too deeply")
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_decode(v, depth + 1) for v in node]
    if isinstance(node, dict):
        if ARRAY_KEY in node:
            return _decode_array(node)
        return {k: _decode(v, depth + 1) for k, v in node.items()}
    raise ProtocolError(f"a value of type {type(node).__name__}")


def loads(body: bytes):
    if len(body) > MAX_MESSAGE:
        raise ProtocolError(f"a message of {len(body)} bytes (limit {MAX_MESSAGE})")
    try:
        tree = json.loads(body.decode("utf-8"), parse_int=_parse_int)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ProtocolError(f"not valid JSON ({type(exc).__name__})") from exc
    return _decode(tree)


def send(sock: socket.socket, value) -> None:
    body = dumps(value)
    sock.sendall(_HEADER.pack(len(body)) + body)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def recv(sock: socket.socket):
    (length,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    if length > MAX_MESSAGE:
        raise ProtocolError(f"a message of {length} bytes (limit {MAX_MESSAGE})")
    return loads(_recv_exact(sock, length))
