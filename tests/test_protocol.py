"""The parent's decoder is the last line of defence: only plain, well-formed data gets through."""
import json

import numpy as np
import pytest

from autograder.engine import protocol


def roundtrip(value):
    return protocol.loads(protocol.dumps(value))


def test_plain_data_roundtrips_exactly():
    value = {"a": [1, 2.5, None, True, "s"], "arr": np.arange(6.0).reshape(2, 3),
             "ints": np.arange(3), "mask": np.array([True, False]), "nan": float("nan")}
    got = roundtrip(value)
    assert got["a"] == [1, 2.5, None, True, "s"]
    np.testing.assert_array_equal(got["arr"], value["arr"])
    assert got["arr"].dtype == np.float64 and got["ints"].dtype == np.int64 and got["mask"].dtype == np.bool_
    assert np.isnan(got["nan"])
    assert roundtrip(np.float64(2.5)) == 2.5 and roundtrip(np.array(3.0)).shape == ()


@pytest.mark.parametrize("value", [object(), b"bytes", {1: "int key"}, np.array(["s"]), np.array([1j]),
                                   {"__ndarray__": "x"}])
def test_encoder_refuses_what_is_not_plain_data(value):
    with pytest.raises(protocol.ProtocolError):
        protocol.dumps(value)


@pytest.mark.parametrize("message", [
    {"__ndarray__": "AAAA", "dtype": "object", "shape": [1]},          # dtype not allowed
    {"__ndarray__": "AAAAAAAAAAA=", "dtype": "float64", "shape": [10**9]},   # data does not fit the shape
    {"__ndarray__": "!!!", "dtype": "float64", "shape": [1]},          # not base64
    {"__ndarray__": "AAAAAAAAAAA=", "dtype": "float64", "shape": [-1]},
    {"__ndarray__": "AAAAAAAAAAA=", "dtype": "float64", "shape": [1], "extra": 1},
    {"__ndarray__": 5, "dtype": "float64", "shape": [1]},
])
def test_decoder_rejects_forged_arrays(message):
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(json.dumps(message).encode())


def test_decoder_rejects_deep_nesting_huge_ints_and_garbage():
    deep = ("[" * 100 + "]" * 100).encode()
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(deep)
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(b"1" * 5000)
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(b"\xff\xfe not json")
    with pytest.raises(protocol.ProtocolError):
        protocol.loads(b"x" * (protocol.MAX_MESSAGE + 1))
