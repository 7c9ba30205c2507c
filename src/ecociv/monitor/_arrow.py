"""NumPy views of Arrow arrays without pandas.

PyArrow's ``to_numpy`` (and ``np.asarray`` on an Arrow array) imports pandas when it is
installed, which costs about half a second of start-up; the data buffers of primitive arrays
are read directly instead.  Null slots of floating arrays become NaN; other arrays with nulls
(and non-primitive types) take PyArrow's own conversion.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def _dtype(typ: pa.DataType) -> np.dtype[np.generic] | None:
    if pa.types.is_timestamp(typ) or pa.types.is_date64(typ) or pa.types.is_duration(typ):
        return np.dtype(np.int64)
    if pa.types.is_date32(typ):
        return np.dtype(np.int32)
    if pa.types.is_floating(typ):
        return np.dtype(f"f{typ.bit_width // 8}")
    if pa.types.is_signed_integer(typ):
        return np.dtype(f"i{typ.bit_width // 8}")
    if pa.types.is_unsigned_integer(typ):
        return np.dtype(f"u{typ.bit_width // 8}")
    return None


def null_mask(a: pa.Array) -> np.ndarray:
    """True where ``a`` is null."""
    n = len(a)
    buf = a.buffers()[0]
    if a.null_count == 0 or buf is None:
        return np.zeros(n, dtype=bool)
    bits = np.unpackbits(np.frombuffer(buf, dtype=np.uint8), bitorder="little", count=a.offset + n)
    nulls: np.ndarray = bits[a.offset :] == 0
    return nulls


def null_positions(a: pa.Array) -> np.ndarray:
    """Row numbers (ascending) where ``a`` is null, from the bytes of the validity bitmap that
    are not all valid (a pass over n/8 bytes where :func:`null_mask` unpacks n)."""
    n = len(a)
    buf = a.buffers()[0]
    if a.null_count == 0 or buf is None:
        return np.empty(0, dtype=np.int64)
    packed = np.frombuffer(buf, dtype=np.uint8, count=(a.offset + n + 7) // 8)
    partial = np.flatnonzero(packed != 0xFF)
    row, bit = np.nonzero(np.unpackbits(packed[partial], bitorder="little").reshape(-1, 8) == 0)
    pos: np.ndarray = partial[row] * 8 + bit - a.offset
    return pos[(pos >= 0) & (pos < n)]


def numpy_of(a: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Values of ``a`` as NumPy (read-only view when possible; timestamps and dates as integers)."""
    if isinstance(a, pa.ChunkedArray):
        if a.num_chunks != 1:
            if a.num_chunks == 0:
                return numpy_of(a.combine_chunks())
            return np.concatenate([numpy_of(c) for c in a.chunks])
        a = a.chunk(0)
    typ = a.type
    n = len(a)
    if pa.types.is_boolean(typ):
        buf = a.buffers()[1]
        if a.null_count or buf is None:
            out: np.ndarray = a.to_numpy(zero_copy_only=False)
            return out
        bits = np.unpackbits(np.frombuffer(buf, dtype=np.uint8), bitorder="little", count=a.offset + n)
        return bits[a.offset :].astype(bool)
    dtype = _dtype(typ)
    if dtype is None or (a.null_count and dtype.kind != "f"):
        out = a.to_numpy(zero_copy_only=False)
        return out
    buf = a.buffers()[1]
    if n == 0:
        return np.empty(0, dtype=dtype)
    if buf is None:  # only nulls
        return np.full(n, np.nan, dtype=dtype)
    values = np.frombuffer(buf, dtype=dtype, count=n, offset=a.offset * dtype.itemsize)
    if a.null_count:
        values = values.copy()
        values[null_mask(a)] = np.nan
    return values
