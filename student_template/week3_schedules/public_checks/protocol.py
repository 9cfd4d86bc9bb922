"""Plain data across the sandbox boundary: a JSON document plus the raw bytes of its arrays.

Only these values cross: None, bool, int, float (NaN/inf allowed, the graders
judge finiteness), str, list, dict with str keys, and NumPy arrays of dtype
bool, int64 or float64. Nothing is unpickled; everything that arrives from a
child is checked for type, size, dtype and shape before a grader sees it.

On the socket a message is a 4-byte length (``_HEADER``), then the body that
``dumps`` makes::

    _FRAME      JSON length, number of arrays            (8 bytes)
    JSON        the value; array i is {"__ndarray__": i, "dtype": ..., "shape": [...]}
    zeros       up to the next multiple of 8
    arrays      array 0, 1, ... as raw C-order bytes, each padded to a multiple of 8

No offsets are sent: array i starts where array i-1 ended, so the decoder
derives every position from the dtypes and shapes, and a message cannot make
two arrays share bytes. The references must appear in the JSON in index
order (the order ``json`` parses them) and must use up the array bytes
exactly. Received arrays are writable views into the one received buffer
(no copy per array); they never overlap. ``recv`` refuses a length over
MAX_MESSAGE before reading the body, and the socket's timeout bounds a whole
message, not each read.

This module runs on both sides (the child imports it inside the sandbox), so
it uses only the standard library and NumPy. Both sides run on one machine:
arrays travel in native byte order.
"""
from __future__ import annotations

import json
import math
import socket
import struct
import time

import numpy as np

# The largest honest message of the whole selftest (45,306 of them) is 0.8 MB: 16 MB leaves 20x, and bounds the
# arrays a grader may have to turn into numbers or figures (2 million floats at most)
MAX_MESSAGE = 16 * 1024 * 1024
# The JSON part holds the structure and the small numbers; arrays travel as raw bytes. Over every reply of
# `autograder selftest` (the four weeks' reference, stubs and whole catalogue: 45,306 messages, measured
# December 2026) the largest JSON part is 52 kB, with 1,466 lists and dicts and 731 arrays. The bounds
# below leave 27x or more above those and are checked BEFORE parsing, so a hostile child cannot make the
# parent build millions of objects (a 64 MB reply of "{}," used to cost 2-4 GB and 14-18 s).
MAX_JSON = 4 * 1024 * 1024
MAX_CONTAINERS = 50_000             # lists + dicts (counted as '[' and '{' bytes: strings only overcount)
MAX_ARRAYS = 20_000
MAX_DEPTH = 32                      # results nest a few levels (lists of arrays, dicts of lists)
MAX_INT_DIGITS = 40                 # no legitimate integer result has more digits
MAX_NDIM = 8                        # the course's arrays have 0-3 dimensions; 8 leaves room
MAX_NOTICES = 64                    # notices (one-way requests) one message carries: the child sends on at 64
DTYPES = {"float64": np.dtype(np.float64), "int64": np.dtype(np.int64), "bool": np.dtype(np.bool_)}
_HEADER = struct.Struct("!I")       # the body's length, in front of every body on the socket
_FRAME = struct.Struct("!II")       # at the start of a body: JSON length, number of arrays
ARRAY_KEY = "__ndarray__"

_PLAIN = frozenset({str, int, float, bool, type(None)})    # exact types json writes as they are
_LEAVES = _PLAIN | {np.ndarray}
_AS_SENT = {"f": "float64", "i": "int64", "u": "int64", "b": "bool"}   # dtype.kind -> what is sent
_DIGITS_AS_ZEROS = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))   # for bytes.translate
_TOO_MANY_DIGITS = b"0" * (MAX_INT_DIGITS + 1)
_PADS = [bytes(n) for n in range(8)]


class ProtocolError(ValueError):
    """A message that is not plain data of the allowed kinds."""


_INT_LIMIT = 10 ** MAX_INT_DIGITS
_INT64_MAX = int(np.iinfo(np.int64).max)


def _int(value: int) -> int:
    if -_INT_LIMIT < value < _INT_LIMIT:
        return value
    raise ProtocolError("an integer with too many digits")


def _encode(value, arrays: list, depth: int):
    """``value`` as a JSON-ready tree; arrays become references and are appended to ``arrays``."""
    kind = type(value)
    if kind is int:
        return _int(value)
    if kind in _PLAIN:
        return value
    if depth > MAX_DEPTH and isinstance(value, (list, tuple, dict)):   # as in loads: numbers, arrays are leaves
        raise ProtocolError("data nested too deeply")
    if (kind is list or kind is tuple) and _PLAIN.issuperset(map(type, value)):
        for v in value:                 # a list of plain numbers (the common case): only its ints to check
            if type(v) is int:
                _int(v)
        return value
    if isinstance(value, (list, tuple)):
        return [_encode(v, arrays, depth + 1) for v in value]
    if isinstance(value, dict):
        for k in value:
            if not isinstance(k, str) or k == ARRAY_KEY:
                raise ProtocolError(f"a dict key {k!r} (keys must be strings)")
        return {k: _encode(v, arrays, depth + 1) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        name = _AS_SENT.get(value.dtype.kind)      # (not dtype.name: that costs microseconds)
        if name is None:
            raise ProtocolError(f"an array of dtype {value.dtype} (expected numbers)")
        if value.dtype.kind == "u" and value.size and int(value.max()) > _INT64_MAX:
            raise ProtocolError("an unsigned array with values too large for int64")
        arr = np.asarray(value, dtype=DTYPES[name], order="C")     # no copy if it already is; 0-d stays 0-d
        arrays.append(arr)
        return {ARRAY_KEY: len(arrays) - 1, "dtype": name, "shape": arr.shape}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return _int(int(value))
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, str):
        return value
    raise ProtocolError(f"an object of type {type(value).__name__} (expected numbers, arrays, lists or strings)")


def dumps(value, *, max_json: int = MAX_JSON) -> bytes:
    """The body of a message (deterministic: also used as a cache key). What the receiver's
    :func:`loads` would refuse is refused here, so the sender can say why."""
    arrays: list = []
    doc = json.dumps(_encode(value, arrays, 0), allow_nan=True, separators=(",", ":")).encode()
    if len(doc) > max_json or len(arrays) > MAX_ARRAYS or (
            max_json <= MAX_JSON and doc.count(b"[") + doc.count(b"{") > MAX_CONTAINERS):
        raise ProtocolError(f"{len(doc)} bytes of lists, numbers and text with {len(arrays)} arrays (limits: "
                            f"{MAX_JSON} bytes, {MAX_CONTAINERS} lists and dicts, {MAX_ARRAYS} arrays); "
                            "send large data as NumPy arrays")
    parts = [_FRAME.pack(len(doc), len(arrays)), doc, _PADS[-(_FRAME.size + len(doc)) % 8]]
    size = _FRAME.size + len(doc) + len(parts[-1])
    for arr in arrays:
        parts += (arr, _PADS[-arr.nbytes % 8])
        size += arr.nbytes + len(parts[-1])
    if size > MAX_MESSAGE:              # checked before joining: a huge answer is never copied
        raise ProtocolError(f"a message of {size} bytes (limit {MAX_MESSAGE})")
    return b"".join(parts)              # the one copy of the array bytes


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ProtocolError("an integer with too many digits")
    return int(text)


def _check_depth(node, depth: int = 0) -> None:
    """json.loads nests as deep as the recursion limit lets it; what we hand on nests MAX_DEPTH at most."""
    if depth > MAX_DEPTH:
        raise ProtocolError("data nested too deeply")
    values = node.values() if type(node) is dict else node
    if _LEAVES.issuperset(map(type, values)):
        return                          # only numbers and arrays: nothing nested
    for v in values:
        if type(v) is list or type(v) is dict:
            _check_depth(v, depth + 1)


_INT_ONLY = frozenset({int})
_BOOL = DTYPES["bool"]


def _array_spec(name: str, shape: list) -> tuple[np.dtype, int]:
    """The dtype and byte size of an array reference's data, or ProtocolError."""
    dtype = DTYPES.get(name)
    if dtype is None:
        raise ProtocolError(f"an array of dtype {name[:20]!r}")
    if len(shape) > MAX_NDIM or any(s < 0 for s in shape):
        raise ProtocolError("an array with a malformed shape")
    size = math.prod(shape)
    if not size and math.prod(filter(None, shape)) > MAX_MESSAGE:   # numpy would refuse it
        raise ProtocolError(f"an empty array of shape {shape}")
    return dtype, size * dtype.itemsize


def loads(body: bytes | bytearray, *, max_json: int = MAX_JSON):
    """Decode a message body. ``max_json`` bounds its JSON part: MAX_JSON for what a child sends; the
    child itself accepts up to MAX_MESSAGE from its grader (a submission's sources travel as JSON)."""
    if len(body) > MAX_MESSAGE:
        raise ProtocolError(f"a message of {len(body)} bytes (limit {MAX_MESSAGE})")
    if len(body) < _FRAME.size:
        raise ProtocolError("a message shorter than its header")
    view = memoryview(body)
    doc_len, count = _FRAME.unpack_from(view)
    if doc_len > max_json or count > MAX_ARRAYS:
        raise ProtocolError(f"a message with {doc_len} bytes of structure and {count} arrays "
                            f"(limits {max_json} and {MAX_ARRAYS})")
    doc_end = _FRAME.size + doc_len
    data_start = doc_end + (-doc_end % 8)
    if data_start > len(body):
        raise ProtocolError("a header whose lengths do not fit the message")
    data = view[data_start:]
    if data.readonly:                   # bytes: one copy of the array section, so the arrays are writable
        data = memoryview(bytearray(data))
    index = offset = 0
    checked: dict = {}                  # (dtype, *shape) -> (dtype, bytes): each kind of array checked once

    def array(node: dict):              # called by json for every object, in document order
        nonlocal index, offset
        if ARRAY_KEY not in node:
            return node
        i, name, shape = node[ARRAY_KEY], node.get("dtype"), node.get("shape")
        if len(node) != 3 or type(i) is not int or i != index:     # (the count is checked at the end)
            raise ProtocolError("a malformed array reference (wrong keys, or index not next in order)")
        if type(name) is not str or type(shape) is not list or not _INT_ONLY.issuperset(map(type, shape)):
            raise ProtocolError("a malformed dtype" if type(name) is not str else "an array with a malformed shape")
        key = (name, *shape)            # exact ints only (no bool or float equal to one): a safe cache key
        spec = checked.get(key)
        if spec is None:
            spec = checked[key] = _array_spec(name, shape)
        end = offset + spec[1]
        if end > len(data):
            raise ProtocolError(f"an array whose data (shape {shape}) runs past the end of the message")
        arr = np.ndarray(shape, spec[0], data, offset)   # a writable view: no copy
        if spec[0] is _BOOL and spec[1] and arr.view(np.uint8).max() > 1:
            raise ProtocolError("a bool array with bytes other than 0 and 1")
        index, offset = index + 1, end + (-end % 8)
        return arr

    raw = bytes(view[_FRAME.size:doc_end])
    if max_json <= MAX_JSON and raw.count(b"[") + raw.count(b"{") > MAX_CONTAINERS:
        raise ProtocolError(f"a message with more than {MAX_CONTAINERS} lists and dicts")
    # json's own int() is safe unless some run of digits (perhaps in a string) is too long: only
    # then pay for _parse_int, a Python call per integer (half the decoding time of a typical answer)
    long_digits = _TOO_MANY_DIGITS in raw.translate(_DIGITS_AS_ZEROS)
    try:
        tree = json.loads(raw.decode("utf-8"), object_hook=array, parse_int=_parse_int if long_digits else None)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ProtocolError(f"not valid JSON ({type(exc).__name__})") from exc
    if index != count or offset != len(data):
        raise ProtocolError("a message whose arrays do not match its header")
    if type(tree) is list or type(tree) is dict:
        _check_depth(tree)
    return tree


def send(sock: socket.socket, value, *, max_json: int = MAX_JSON) -> None:
    body = dumps(value, max_json=max_json)
    sock.sendall(_HEADER.pack(len(body)) + body)


def _fill(sock: socket.socket, buf: bytearray, deadline: float | None) -> None:
    view, got = memoryview(buf), 0
    while got < len(buf):
        n = sock.recv_into(view[got:])
        if not n:
            raise EOFError("the other side closed the connection")
        got += n
        if deadline is not None and got < len(buf):     # the timeout bounds the whole message, so
            left = deadline - time.monotonic()          # a child cannot drip-feed bytes for ever
            if left <= 0:
                raise socket.timeout("timed out")
            sock.settimeout(left)


def recv(sock: socket.socket, *, wipe: bool = False, max_json: int = MAX_JSON):
    """One message (``max_json`` as in :func:`loads`). ``wipe``: zero the received bytes once decoded (for
    text that must not linger in this process's memory; only for messages without arrays, which would
    be views into those bytes)."""
    timeout = sock.gettimeout()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        header = bytearray(_HEADER.size)
        _fill(sock, header, deadline)
        (length,) = _HEADER.unpack(header)
        if length > MAX_MESSAGE:        # refused before anything of that size is allocated
            raise ProtocolError(f"a message of {length} bytes (limit {MAX_MESSAGE})")
        body = bytearray(length)        # writable: the arrays are views into it
        _fill(sock, body, deadline)
    finally:
        if deadline is not None:
            sock.settimeout(timeout)
    value = loads(body, max_json=max_json)
    if wipe:
        body[:] = bytes(len(body))
    return value
