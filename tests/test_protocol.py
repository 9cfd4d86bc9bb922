"""The parent's decoder is the last line of defence: only plain, well-formed data gets through."""
import json
import math
import re
import socket
import struct
import threading
import time
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.engine import protocol

F64 = np.arange(3.0).tobytes()          # the data of a valid float64 array of shape [3]
REF = {"__ndarray__": 0, "dtype": "float64", "shape": [3]}


def roundtrip(value):
    return protocol.loads(protocol.dumps(value))


def frame(doc, data=b"", count=None, doc_len=None, pad=True) -> bytes:
    """A body built by hand: header, JSON (a str, or any value to dump), padding, array bytes."""
    text = (doc if isinstance(doc, (str, bytes)) else json.dumps(doc))
    text = text.encode() if isinstance(text, str) else text
    if count is None:
        count = text.count(b"__ndarray__")
    head = struct.pack("!II", len(text) if doc_len is None else doc_len, count) + text
    return head + (bytes(-len(head) % 8) if pad else b"") + data


def arrays_in(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from arrays_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from arrays_in(v)


# --- round trips ------------------------------------------------------------------------------

def test_plain_data_roundtrips_exactly():
    value = {"a": [1, 2.5, None, True, "s", -0.0, float("inf")], "arr": np.arange(6.0).reshape(2, 3),
             "ints": np.arange(3), "mask": np.array([True, False]), "nan": float("nan"), "u": "é\u2603",
             "t": (1, 2), "np": [np.float64(2.5), np.int64(7), np.bool_(True), np.float32(0.5)]}
    got = roundtrip(value)
    assert got["a"][:5] == [1, 2.5, None, True, "s"] and type(got["a"][0]) is int
    assert str(got["a"][5]) == "-0.0" and got["a"][6] == float("inf")
    np.testing.assert_array_equal(got["arr"], value["arr"])
    assert got["arr"].dtype == np.float64 and got["ints"].dtype == np.int64 and got["mask"].dtype == np.bool_
    assert np.isnan(got["nan"]) and got["u"] == "é\u2603" and got["t"] == [1, 2]
    assert got["np"] == [2.5, 7, True, 0.5] and [type(v) for v in got["np"]] == [float, int, bool, float]
    assert roundtrip(np.float64(2.5)) == 2.5 and roundtrip(None) is None and roundtrip("x") == "x"


@pytest.mark.parametrize("array", [
    np.array(3.0), np.array(-7), np.array(True),                         # 0-d stay 0-d
    np.zeros(0), np.zeros((0, 3), dtype=np.int64), np.zeros((3, 0, 2), dtype=bool),   # empty
    np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308]),
    np.array([np.iinfo(np.int64).min, -1, 0, np.iinfo(np.int64).max]),
    np.array([[True, False, True]]),
    np.arange(24.0).reshape(2, 1, 3, 4),
    np.random.default_rng(0).normal(size=1_000_003),                    # 8 MB, not a multiple of 8 elements
    np.arange(5) % 2 == 1,
], ids=lambda a: f"{a.dtype}{a.shape}")
def test_arrays_roundtrip_bit_for_bit(array):
    got = roundtrip(array)
    assert got.dtype == array.dtype and got.shape == array.shape
    assert got.tobytes() == array.tobytes()               # also NaN payloads and the sign of zero
    assert got.flags.writeable and got.flags.aligned and got.flags.c_contiguous


@pytest.mark.parametrize("array, dtype", [
    (np.arange(12.0).reshape(3, 4).T, np.float64),                       # transposed
    (np.arange(20.0)[::3], np.float64),                                  # strided
    (np.asfortranarray(np.arange(6).reshape(2, 3)), np.int64),
    (np.arange(6, dtype=np.float32).reshape(2, 3)[:, ::2], np.float64),   # converted and strided
    (np.arange(4, dtype=">f8"), np.float64),                              # big-endian input
    (np.arange(4, dtype=np.uint8), np.int64), (np.arange(4, dtype=np.int32), np.int64),
    (np.ma.masked_array([1.0, 2.0], mask=[False, True]), np.float64),     # a subclass: its data only
])
def test_other_layouts_and_dtypes_arrive_as_plain_c_arrays(array, dtype):
    got = roundtrip(array)
    assert type(got) is np.ndarray and got.dtype == dtype and got.shape == array.shape
    np.testing.assert_array_equal(got, np.asarray(array).astype(dtype))


def test_nested_structures_keep_their_order_and_shapes():
    rng = np.random.default_rng(1)
    value = {"steps": [[rng.normal(size=s) for s in [(4,), (3, 2), (2, 1, 3)]] for _ in range(12)],
             "flags": [[False, True, False]] * 12, "empty": [[], {}],
             "deep": {"a": [{"b": [np.array(1.5), np.zeros(0), np.array([True])]}]}}
    got = roundtrip(value)
    for want_step, got_step in zip(value["steps"], got["steps"]):
        for w, g in zip(want_step, got_step):
            assert g.shape == w.shape and g.tobytes() == w.tobytes()
    assert got["flags"] == value["flags"] and got["empty"] == [[], {}]
    deep = got["deep"]["a"][0]["b"]
    assert deep[0].shape == () and deep[0] == 1.5 and deep[1].shape == (0,) and deep[2].tolist() == [True]


def test_nesting_up_to_the_limit_roundtrips():
    value = 1.0
    for _ in range(protocol.MAX_DEPTH + 1):                # containers at depths 0 .. MAX_DEPTH
        value = [value, np.array([2.0])]
    got = roundtrip(value)
    for _ in range(protocol.MAX_DEPTH + 1):
        got = got[0]
    assert got == 1.0


def test_decoded_arrays_are_writable_and_never_share_memory():
    value = [np.arange(3.0), np.array(True), np.arange(2), np.zeros((2, 2)), np.arange(3.0)]
    for body in (protocol.dumps(value), bytearray(protocol.dumps(value))):   # as bytes and as recv gives it
        got = protocol.loads(body)
        for i, a in enumerate(got):
            assert a.flags.writeable
            for b in got[i + 1:]:
                assert not np.shares_memory(a, b)
        got[0] += 10.0                                     # graders and probes may work in place
        got[3][...] = 7.0
        assert got[0].tolist() == [10.0, 11.0, 12.0] and got[4].tolist() == [0.0, 1.0, 2.0]
        assert got[1] == True and got[2].tolist() == [0, 1]  # noqa: E712


def test_encoding_is_deterministic_and_does_not_copy_contiguous_arrays():
    a = np.arange(6.0).reshape(2, 3)
    value = {"x": a, "y": [1, 2.5], "z": a.T}
    assert protocol.dumps(value) == protocol.dumps(value)
    assert protocol.dumps(a.T) == protocol.dumps(np.ascontiguousarray(a.T))   # same data, same cache key
    assert protocol.dumps([1]) != protocol.dumps([1.0]) != protocol.dumps(np.array([1.0]))
    arrays = []
    protocol._encode(value, arrays, 0)
    assert arrays[0] is a and arrays[1].flags.c_contiguous   # the one copy is the final join


def test_body_layout_is_header_json_padding_arrays():
    body = protocol.dumps({"a": np.array([True]), "b": np.array([1.5, 2.5])})
    doc_len, count = struct.unpack_from("!II", body)
    start = 8 + doc_len + (-(8 + doc_len) % 8)
    assert count == 2 and start % 8 == 0 and len(body) == start + 8 + 16
    assert json.loads(body[8:8 + doc_len])["a"] == {"__ndarray__": 0, "dtype": "bool", "shape": [1]}
    assert body[start:start + 8] == b"\x01" + bytes(7) and body[start + 8:] == np.array([1.5, 2.5]).tobytes()


def test_a_hand_built_frame_decodes():        # the control for the forged frames below
    got = protocol.loads(frame({"x": REF, "n": 1}, F64))
    assert got["n"] == 1 and got["x"].tolist() == [0.0, 1.0, 2.0]


# --- the encoder (in the child) ----------------------------------------------------------------

@pytest.mark.parametrize("value", [object(), b"bytes", {1: "int key"}, np.array(["s"]), np.array([1j]),
                                   {"__ndarray__": "x"}, {"__ndarray__": 0, "dtype": "float64", "shape": [1]},
                                   np.array([None]), np.array([1], dtype="datetime64[s]"), {1.5}, 1j,
                                   np.zeros(2, dtype=[("a", "f8")])])
def test_encoder_refuses_what_is_not_plain_data(value):
    with pytest.raises(protocol.ProtocolError):
        protocol.dumps(value)


def test_encoder_refuses_deep_and_circular_data():
    deep = [np.array(1.0)]
    for _ in range(protocol.MAX_DEPTH):                   # lists at depths 0 .. MAX_DEPTH
        deep = [deep]
    assert protocol.loads(protocol.dumps(deep))           # the limit itself is fine
    with pytest.raises(protocol.ProtocolError):
        protocol.dumps([deep])
    loop = []
    loop.append(loop)
    with pytest.raises(protocol.ProtocolError):
        protocol.dumps(loop)


def test_encoder_refuses_a_message_over_the_limit_without_building_it(monkeypatch):
    monkeypatch.setattr(protocol, "MAX_MESSAGE", 1000)
    protocol.dumps(np.zeros(100))
    with pytest.raises(protocol.ProtocolError):
        protocol.dumps(np.zeros(200))


# --- hostile or malformed messages (from the child) -----------------------------------------------

def ref(**changes):
    return {**REF, **changes}


OVER = protocol.MAX_DEPTH + 2             # containers at depths 0 .. MAX_DEPTH + 1


FORGED = {
    # framing
    "empty": b"",
    "shorter than the header": b"\x00" * 7,
    "json length past the end": frame({"x": REF}, F64, doc_len=10_000),
    "json length 2**32-1": frame({"x": REF}, F64, doc_len=2**32 - 1),
    "json length cuts the document": frame({"x": REF}, F64, doc_len=5),
    "no padding before the arrays": frame({"x": REF}, F64, pad=False),
    "no padding, no arrays": frame('{"n":1}', pad=False),                    # 15 bytes: the header promises 16
    "old format (plain JSON)": json.dumps({"__ndarray__": "AAAAAAAAAAA=", "dtype": "float64",
                                           "shape": [1]}).encode(),
    # the array section
    "truncated buffer": frame({"x": REF}, F64[:-8]),
    "buffer missing entirely": frame({"x": REF}),
    "offset past the end": frame([REF, ref(__ndarray__=1)], F64 + bytes(8), count=2),
    "trailing bytes": frame({"x": REF}, F64 + bytes(8)),
    "not a multiple of the item size": frame({"x": REF}, F64[:-3]),
    "count larger than the references": frame({"x": REF}, F64, count=2),
    "count smaller than the references": frame({"x": REF}, F64, count=0),
    # references
    "index out of range": frame({"x": ref(__ndarray__=5)}, F64, count=1),
    "index -1": frame({"x": ref(__ndarray__=-1)}, F64, count=1),
    "duplicated index": frame([REF, REF], F64 + F64, count=2),
    "indices out of order": frame([ref(__ndarray__=1), REF], F64 + F64, count=2),
    "index is a bool": frame([REF, ref(__ndarray__=True)], F64 + F64, count=2),
    "index is a float": frame({"x": ref(__ndarray__=0.0)}, F64, count=1),
    "index is a string (base64)": frame({"x": ref(__ndarray__="AAAAAAAAAAA=")}, F64, count=1),
    "extra key": frame({"x": ref(extra=1)}, F64),
    "missing shape": frame({"x": {"__ndarray__": 0, "dtype": "float64"}}, F64),
    "missing dtype": frame({"x": {"__ndarray__": 0, "shape": [3]}}, F64),
    # dtypes
    "dtype object": frame({"x": ref(dtype="object")}, F64),
    "dtype float32": frame({"x": ref(dtype="float32")}, F64),
    "dtype <f8": frame({"x": ref(dtype="<f8")}, F64),
    "dtype a list": frame({"x": ref(dtype=["float64"])}, F64),
    "dtype a number": frame({"x": ref(dtype=8)}, F64),
    "dtype of the wrong size": frame({"x": ref(dtype="bool")}, F64),            # 3 bytes needed, 24 given
    "bool bytes other than 0 and 1": frame({"x": ref(dtype="bool", shape=[8])}, b"\x01\x02" + bytes(6)),
    # shapes
    "shape negative": frame({"x": ref(shape=[-3])}, F64),
    "shape huge": frame({"x": ref(shape=[10**9])}, F64),
    "shape 2**70": frame({"x": ref(shape=[2**70])}, F64),
    "shape with 50 digits": frame({"x": ref(shape=[10**49])}, F64),
    "shape huge but empty": frame({"x": ref(shape=[0, 2**26, 2**26, 2**26])}, b""),
    "shape negative pair": frame({"x": ref(shape=[-1, -3])}, F64),
    "shape a number": frame({"x": ref(shape=3)}, F64),
    "shape a string": frame({"x": ref(shape="3")}, F64),
    "shape with a float": frame({"x": ref(shape=[3.0])}, F64),
    "shape with a bool": frame({"x": ref(shape=[True, 3])}, F64),
    "shape with a list": frame({"x": ref(shape=[[3]])}, F64),
    "shape of 9 dims": frame({"x": ref(shape=[1] * 8 + [3])}, F64),
    "shape too small": frame({"x": ref(shape=[2])}, F64),
    "array inside a shape": frame({"x": ref(__ndarray__=1, shape=[REF])}, F64 + F64, count=2),
    # each kind of array (dtype, shape) is checked once per message: a shape equal to a checked one in Python
    # (True == 1, 3.0 == 3) must not pass as that one
    "shape with a bool after the same in ints": frame([ref(shape=[1, 3]), ref(__ndarray__=1, shape=[True, 3])],
                                                      F64 + F64, count=2),
    "shape with a float after the same in ints": frame([REF, ref(__ndarray__=1, shape=[3.0])], F64 + F64, count=2),
    # the document
    "garbage JSON": frame("{not json"),
    "not UTF-8": frame(b'{"x": "\xff\xfe"}'),
    "UTF-16": frame('{"x": 1}'.encode("utf-16")),
    "a BOM": frame('\ufeff{"x": 1}'.encode()),
    "deep nesting (over the limit)": frame("[" * OVER + "]" * OVER),
    "deep dicts (over the limit)": frame('{"a":' * OVER + "1" + "}" * OVER),
    "deep nesting (past the recursion limit)": frame("[" * 100_000 + "]" * 100_000),
    "an array under deep nesting": frame("[" * OVER + json.dumps(REF) + "]" * OVER, F64),
    "an integer with 41 digits": frame('{"n": %s}' % ("9" * 41)),
    "a negative integer with 5000 digits": frame('[-%s]' % ("1" * 5000)),
    "the adversarial test's forged array": frame({"__ndarray__": "AAAA", "dtype": "object",
                                                  "shape": [1000000000]}, count=0),
}


@pytest.mark.parametrize("body", FORGED.values(), ids=FORGED.keys())
def test_decoder_rejects_forged_messages(body):
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(body)
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(bytearray(body))


def test_decoder_accepts_what_is_at_its_limits():
    assert protocol.loads(frame('{"n": %s}' % ("9" * 40)))["n"] == int("9" * 40)
    assert protocol.loads(frame({"s": "7" * 100}))["s"] == "7" * 100     # long digit runs in strings are fine
    assert protocol.loads(frame({"s": "7" * 100, "n": -12}))["n"] == -12
    assert protocol.loads(frame({"x": ref(shape=[0, 10**6])}))["x"].shape == (0, 10**6)
    assert protocol.loads(frame({"x": ref(shape=[1] * 7 + [3])}, F64))["x"].shape == (1,) * 7 + (3,)


def test_decoder_rejects_a_message_over_the_limit(monkeypatch):
    body = protocol.dumps(np.zeros(200))
    monkeypatch.setattr(protocol, "MAX_MESSAGE", len(body) - 1)
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(body)


# --- properties: generated messages, shrunk to the smallest failing one (Hypothesis) ----------------
# Run time: about 25 s for this section (pytest --durations, CI set, 2 cores shared at load average ~6).

MAX_INT = 10 ** protocol.MAX_INT_DIGITS - 1        # the largest integer the decoder accepts
SENT_DTYPES = [np.dtype(np.float64), np.dtype(np.int64), np.dtype(np.bool_)]
SENT_NAMES = tuple(dtype.name for dtype in SENT_DTYPES)              # as the JSON names them
SENT_AS = {"f": np.float64, "i": np.int64, "u": np.int64, "b": np.bool_}   # the dtype sent, by kind
# Up to MAX_NDIM dimensions; sides of 0-2 there (2**8 elements at most), longer sides in few dimensions.
SHAPES = (hnp.array_shapes(min_dims=0, max_dims=protocol.MAX_NDIM, min_side=0, max_side=2)
          | hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=12))
ARRAYS = st.sampled_from(SENT_DTYPES).flatmap(lambda dtype: hnp.arrays(dtype, SHAPES))   # NaN, inf, -0.0 too
# every code point, lone surrogates too; at most 8 characters, so never the key the encoder refuses (ARRAY_KEY)
TEXT = st.text(st.characters(exclude_categories=()), max_size=8)
INTS = (st.integers(-MAX_INT, MAX_INT)
        | st.integers(MAX_INT // 10, MAX_INT).flatmap(lambda n: st.sampled_from([n, -n])))  # 39-40 digits
SCALARS = (st.none() | st.booleans() | INTS | st.floats() | TEXT
           | st.floats(width=32).map(np.float32) | st.integers(-2**63, 2**63 - 1).map(np.int64)
           | st.booleans().map(np.bool_))
VALUES = st.recursive(
    SCALARS | ARRAYS,
    lambda inner: (st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
                   | st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=10)

# A decode takes microseconds to a few milliseconds; a deadline of a second per example (one decode, or a
# few hundred for the truncations) flags a decoder that turns slow on some input -- what MAX_JSON and
# MAX_CONTAINERS exist to prevent -- with a wide margin for a busy machine. (A true hang would stall the
# test instead: the deadline is checked when an example returns.)
DECODE_DEADLINE = timedelta(seconds=1)


def join_surrogate_pairs(text: str) -> str:
    """``text`` as JSON gives it back: ``dumps`` escapes every surrogate (``\\ud83d``), and JSON's ``\\u``
    escapes are UTF-16, so a high surrogate followed by a low one comes back as the one character they
    encode. A lone surrogate comes back as it was."""
    return re.sub("[\ud800-\udbff][\udc00-\udfff]",
                  lambda m: (m[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le")), text)


def as_sent(value):
    """What the receiver must get for ``value``: tuples as lists, NumPy scalars as Python numbers,
    arrays as C-ordered arrays of the dtype they are sent as, text as JSON returns it."""
    if isinstance(value, (list, tuple)):
        return [as_sent(v) for v in value]
    if isinstance(value, dict):                  # (two keys that JSON makes one: the later value wins)
        return {join_surrogate_pairs(k): as_sent(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return np.array(value, dtype=SENT_AS[value.dtype.kind], order="C")     # (0-d stays 0-d)
    if isinstance(value, str):
        return join_surrogate_pairs(value)
    if isinstance(value, np.generic):
        return value.item()                      # the Python number of the same value
    return value


def assert_same(got, want, where="value"):
    """``got`` is ``want``: the same types, floats bit for bit (NaN as NaN), arrays byte for byte."""
    assert type(got) is type(want), f"{where}: {type(got).__name__}, expected {type(want).__name__}"
    if isinstance(want, np.ndarray):
        assert (got.dtype, got.shape) == (want.dtype, want.shape), where
        assert got.tobytes() == want.tobytes(), where          # NaN payloads and the sign of zero too
        assert got.flags.writeable and got.flags.aligned and got.flags.c_contiguous, where
    elif isinstance(want, float):
        assert (math.isnan(got) and math.isnan(want)) or struct.pack("<d", got) == struct.pack("<d", want), where
    elif isinstance(want, list):
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, f"{where}[{i}]")
    elif isinstance(want, dict):
        assert list(got) == list(want), where
        for k in want:
            assert_same(got[k], want[k], f"{where}[{k!r}]")
    else:
        assert got == want, where


def assert_plain(value, depth=0, arrays=None):
    """``value`` is what ``loads`` promises the grader: the allowed types only, integers of at most
    MAX_INT_DIGITS digits, containers at most MAX_DEPTH deep, arrays of the three dtypes with at most
    MAX_NDIM dimensions, writable, bool bytes 0 or 1, no two arrays sharing memory."""
    top = arrays is None
    arrays = [] if top else arrays
    kind = type(value)
    if kind in (list, dict):
        assert depth <= protocol.MAX_DEPTH
        if kind is dict:
            assert all(type(k) is str for k in value)
        for v in (value.values() if kind is dict else value):
            assert_plain(v, depth + 1, arrays)
    elif kind is np.ndarray:
        assert value.dtype in protocol.DTYPES.values() and value.ndim <= protocol.MAX_NDIM
        assert value.flags.writeable
        if value.dtype == np.bool_ and value.size:
            assert value.view(np.uint8).max() <= 1
        arrays.append(value)
    elif kind is int:
        assert abs(value) <= MAX_INT
    else:
        assert kind in (str, float, bool, type(None)), kind
    if top:
        for i, a in enumerate(arrays):
            assert not any(np.shares_memory(a, b) for b in arrays[i + 1:])


def decode_or_refuse(body):
    """``loads(body)`` when it is plain data, None when refused; any other exception fails the test."""
    try:
        got = protocol.loads(body)
    except protocol.ProtocolError:
        return None
    assert_plain(got)
    return got


def regions(body: bytes) -> dict:
    """Where each part of a body made by ``dumps`` lies: {"header"|"json"|"padding"|dtype name: [ranges]}."""
    doc_len, _ = struct.unpack_from("!II", body)
    doc_end = 8 + doc_len
    start = doc_end + (-doc_end % 8)
    parts = {"header": [range(0, 8)], "json": [range(8, doc_end)], "padding": [range(doc_end, start)]}
    refs = []
    json.loads(body[8:doc_end], object_hook=lambda node: refs.append(node) if protocol.ARRAY_KEY in node else node)
    for ref in refs:
        end = start + math.prod(ref["shape"]) * protocol.DTYPES[ref["dtype"]].itemsize
        parts.setdefault(ref["dtype"], []).append(range(start, end))
        parts["padding"].append(range(end, end + (-end % 8)))
        start = end + (-end % 8)
    return {name: [r for r in ranges if len(r)] for name, ranges in parts.items() if any(ranges)}


# bytes a corruption writes: the JSON's own alphabet (so a changed message often still parses and reaches
# the checks of array references, shapes and counts) or any byte
JSONISH = st.sampled_from(b'0123456789-.eE[]{}",:tfnNI \\') | st.integers(0, 255)


@st.composite
def corrupted(draw, values=VALUES, where=None):
    """(original body, corrupted body): a message of one of ``values`` with 1-4 bytes overwritten, inserted
    or deleted, in the regions named (default: any region of the message)."""
    body = protocol.dumps(draw(values))
    parts = regions(body)
    names = [n for n in parts if where is None or n in where]
    assume(names)
    out = bytearray(body)
    kinds = ["overwrite"] if where else ["overwrite", "insert", "delete"]   # only overwrites keep positions
    for _ in range(draw(st.integers(1, 4))):
        span = draw(st.sampled_from(parts[draw(st.sampled_from(names))]))
        at = min(draw(st.sampled_from(span)), len(out) - 1)
        kind = draw(st.sampled_from(kinds))
        if kind == "overwrite":
            out[at] = draw(JSONISH)
        elif kind == "insert":
            out.insert(at, draw(JSONISH))
        elif len(out) > 1:
            del out[at]
    return body, bytes(out)


@settings(max_examples=300, deadline=None)
@given(VALUES)
@example({"a": [1, 2.5, None, True, "s", -0.0, float("inf"), float("nan")], "u": "é\u2603\ud800"})
@example([MAX_INT, -MAX_INT, np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max])])
@example(np.zeros((0, 3, 0), dtype=bool))
def test_property_plain_data_roundtrips_and_the_encoding_is_canonical(value):
    body = protocol.dumps(value)
    got = protocol.loads(body)
    assert_same(got, as_sent(value))
    assert protocol.dumps(got) == body           # what arrives encodes to the very same bytes
    assert protocol.dumps(value) == body         # deterministic (a cache key)


@settings(max_examples=150, deadline=DECODE_DEADLINE)
@given(VALUES, st.data())
def test_property_every_truncation_is_refused(value, data):
    body = protocol.dumps(value)
    parts = regions(body)
    arrays = [r for name in SENT_NAMES for r in parts.get(name, [])]
    structure = range(min((r.start for r in arrays), default=len(body)))     # header, JSON and its padding
    # each array's first and last byte, the first byte of its padding, the message's last byte
    array_cuts = [c for r in arrays for c in (r.start, r.stop - 1, r.stop)] + [len(body) - 1]
    drawn = data.draw(st.lists(st.integers(0, len(body) - 1), max_size=10))
    for n in sorted({*structure, *array_cuts, *drawn} - {len(body)}):
        with pytest.raises(protocol.ProtocolError):
            protocol.loads(body[:n])


@settings(max_examples=500, deadline=DECODE_DEADLINE)
@given(corrupted())
def test_property_a_corrupted_message_is_refused_or_decodes_to_plain_data(bodies):
    _, forged = bodies
    got = decode_or_refuse(forged)
    if got is not None:                          # what the parent accepts, the codec can carry again
        assert_same(protocol.loads(protocol.dumps(got)), got)


@settings(max_examples=200, deadline=DECODE_DEADLINE)
@given(corrupted(st.tuples(VALUES, hnp.arrays(st.sampled_from(SENT_DTYPES), hnp.array_shapes(min_dims=0))),
                 where=SENT_NAMES))
def test_property_corrupting_array_data_changes_only_that_data(bodies):
    body, forged = bodies
    bools = regions(body).get("bool", [])
    bad_bool = any(forged[i] > 1 for r in bools for i in r)
    got = decode_or_refuse(forged)
    if bad_bool:
        assert got is None                       # a bool array holds bytes 0 and 1 only
    else:                                        # any float64 or int64 bytes are a valid number
        assert got is not None and protocol.dumps(got) == forged


JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
ARRAY_REFS = st.fixed_dictionaries(
    {protocol.ARRAY_KEY: st.integers(-1, 3) | JSON_LEAVES,
     "dtype": st.sampled_from([*protocol.DTYPES, "float32", "<f8", "object"]) | JSON_LEAVES,
     "shape": st.lists(st.integers(-1, 4) | JSON_LEAVES, max_size=protocol.MAX_NDIM + 1) | JSON_LEAVES},
    optional={"extra": JSON_LEAVES})
DOCUMENTS = st.recursive(JSON_LEAVES | ARRAY_REFS,
                         lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                         max_leaves=8)
ARRAY_BYTES = st.integers(0, 12).flatmap(lambda n: st.binary(min_size=8 * n, max_size=8 * n)) | st.binary(max_size=99)


@settings(max_examples=300, deadline=DECODE_DEADLINE)
@given(DOCUMENTS, ARRAY_BYTES, st.none() | st.integers(0, 4) | st.integers(0, 2**32 - 1), st.booleans())
def test_property_a_forged_frame_is_refused_or_decodes_to_plain_data(doc, data, count, pad):
    """What a hostile child can send: any JSON document, array references right or wrong, any bytes."""
    decode_or_refuse(frame(json.dumps(doc), data, count=count, pad=pad))


@settings(max_examples=300, deadline=DECODE_DEADLINE)
@given(st.binary(max_size=200))
def test_property_arbitrary_bytes_are_refused_or_decode_to_plain_data(body):
    decode_or_refuse(body)

OTHER_DTYPES = [np.float16, np.float32, ">f8", np.int8, np.int16, np.int32, ">i8", np.uint8, np.uint16,
                np.uint32, np.float64, np.int64, np.bool_]
LAYOUTS = {"C": lambda a: a, "Fortran": np.asfortranarray, "transposed": lambda a: a.T,
           "strided": lambda a: a[..., ::2] if a.ndim else a}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(OTHER_DTYPES).flatmap(lambda dtype: hnp.arrays(dtype, SHAPES)), st.sampled_from(list(LAYOUTS)))
def test_property_other_dtypes_and_layouts_arrive_as_the_same_numbers(array, layout):
    view = LAYOUTS[layout](array)
    got = protocol.loads(protocol.dumps(view))
    assert type(got) is np.ndarray and got.dtype == SENT_AS[view.dtype.kind] and got.shape == view.shape
    assert np.array_equal(got, view, equal_nan=True)        # widening to float64 / int64 is exact
    assert got.flags.c_contiguous and got.flags.writeable


# found by this property: the encoder used to cast uint64 to int64 unchecked (2**64 - 1 arrived as -1)
@settings(max_examples=20, deadline=None)
@given(hnp.arrays(np.uint64, st.integers(1, 4), elements=st.integers(2**63, 2**64 - 1)))
def test_property_uint64_beyond_int64_is_refused_not_wrapped(array):
    try:
        got = protocol.loads(protocol.dumps(array))
    except protocol.ProtocolError:
        return
    assert got.tolist() == array.tolist()


BEYOND_LIMIT = st.integers(MAX_INT + 1, 10 ** (protocol.MAX_INT_DIGITS + 30)).flatmap(
    lambda n: st.sampled_from([n, -n]))


@settings(max_examples=100, deadline=None)
@given(BEYOND_LIMIT)
@example(MAX_INT + 1)
@example(-MAX_INT - 1)
def test_property_an_integer_beyond_the_limit_never_arrives(n):
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(protocol.dumps({"n": [n]}))


# found by this property: dumps used to let such an integer through, only loads refused it
@settings(max_examples=20, deadline=None)
@given(BEYOND_LIMIT)
def test_property_the_encoder_refuses_every_integer_the_decoder_would(n):
    with pytest.raises(protocol.ProtocolError):
        protocol.dumps({"n": [n]})


def test_text_crosses_as_json_escapes():
    """Found out for the properties above: every string crosses, lone surrogates too (``dumps`` writes
    ASCII only, surrogates as ``\\udXXX`` escapes); a high surrogate followed by a low one comes back as
    the one character they encode. Raw UTF-8 from a hand-built frame is read as UTF-8, and refused when
    it encodes a surrogate (strict decoding)."""
    assert roundtrip(["\ud800", "a\udfffb", "\udfff\ud800"]) == ["\ud800", "a\udfffb", "\udfff\ud800"]
    assert roundtrip("\ud83d\ude00") == "\U0001f600"
    assert protocol.loads(frame('{"s": "é☃\U0001f600"}'.encode())) == {"s": "é☃\U0001f600"}
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(frame(b'{"s": "\xed\xa0\x80"}'))                 # U+D800 written as UTF-8


# --- the socket -------------------------------------------------------------------------------------

@pytest.fixture
def pair():
    a, b = socket.socketpair()
    yield a, b
    a.close()
    b.close()


def test_send_and_recv_carry_large_messages(pair):
    a, b = pair
    value = {"big": np.random.default_rng(2).normal(size=(500, 1000)), "small": [np.arange(3), "s"]}
    sender = threading.Thread(target=protocol.send, args=(a, value))
    sender.start()
    b.settimeout(10)
    got = protocol.recv(b)
    sender.join()
    assert got["big"].tobytes() == value["big"].tobytes() and got["big"].flags.writeable
    assert got["small"][0].tolist() == [0, 1, 2] and b.gettimeout() == 10     # the timeout is restored


def test_recv_refuses_a_huge_length_before_reading_it(pair):
    a, b = pair
    a.sendall(struct.pack("!I", protocol.MAX_MESSAGE + 1))   # and nothing else: reading on would block
    b.settimeout(5)
    started = time.monotonic()
    with pytest.raises(protocol.ProtocolError):
        protocol.recv(b)
    assert time.monotonic() - started < 1


def test_recv_of_a_malformed_body_is_a_protocol_error(pair):
    a, b = pair
    a.sendall(struct.pack("!I", 3) + b"abc")
    with pytest.raises(protocol.ProtocolError):
        protocol.recv(b)


def test_recv_reports_a_closed_connection(pair):
    a, b = pair
    body = protocol.dumps([1, 2])
    a.sendall(struct.pack("!I", len(body)) + body[:-1])
    a.close()
    with pytest.raises(EOFError):
        protocol.recv(b)


def test_recv_timeout_bounds_the_whole_message_not_each_read(pair):
    a, b = pair
    body = protocol.dumps(list(range(100)))

    def drip():
        try:
            a.sendall(struct.pack("!I", len(body)))
            for i in range(len(body)):
                a.sendall(body[i:i + 1])
                time.sleep(0.05)
        except OSError:
            pass
    threading.Thread(target=drip, daemon=True).start()
    b.settimeout(0.5)
    started = time.monotonic()
    with pytest.raises(socket.timeout):
        protocol.recv(b)
    assert time.monotonic() - started < 1.5 and b.gettimeout() == 0.5
