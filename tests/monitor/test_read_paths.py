"""However a national Parquet export is read — the whole file at once, in batches that do not
match its row groups, rows of an hour in any order, some station-hours absent — every output
byte of ``air annual`` (text and JSON) and ``air daily`` is the same as the pipeline wrote before
it was made faster (the digests below were taken from that release on these files)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from tests.monitor._network import write_cities, write_network
from typer.testing import CliRunner

from ecociv.cli import app
from ecociv.monitor.ingest import _sources

#: sha256 of each output, written by ecociv before the speed work of issue 14 (commit 353ef19)
EXPECTED = {
    ("a", "annual"): "7cf6f4bc62d63a5a9570eb1df3a713ca36a8c734f8c21c9788d4d043a1947c7c",
    ("a", "annual-all"): "20fa28a3f1fad3b202a868f3f689dfb66001d836dc826e0519c9c6b80dee3828",
    ("a", "json"): "23b16757308232cc67fe0479a379e30410b597acd5445f25819445ef5966cd0d",
    ("a", "daily"): "09f0b755864ac79527a318ab34c699b402fd5997da3862aff57fe4daef7f407f",
    ("b", "annual"): "a58559db8011b507835510741c0aff05a43f8691b76d229dee55fba0fc7f110e",
    ("b", "annual-all"): "dd7e5baeac31b44b0023f58ec4f095d257822d7eea45b44271f31bcdd173f72f",
    ("b", "json"): "14fb779af7cfc5f436a67212d68b50171516304838acd6700c2b44bf0618c11f",
    ("b", "daily"): "9665d09e801bc361d8991953801dc72b0d0c8e9b9123cd48764f07678472113f",
}

runner = CliRunner()


def _run(*args: str) -> bytes:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


def _digests(folder: Path, name: str) -> dict[tuple[str, str], str]:
    data, cities = folder / f"{name}.parquet", folder / "cities.csv"
    daily = folder / f"{name}-daily.csv"
    out = {
        "annual": _run("air", "annual", str(data), "--cities", str(cities)),
        "annual-all": _run("air", "annual", str(data)),
        "json": _run("air", "annual", str(data), "--cities", str(cities), "--json"),
    }
    _run("air", "daily", str(data), "--cities", str(cities), "-o", str(daily))
    out["daily"] = daily.read_bytes()
    return {(name, k): hashlib.sha256(v).hexdigest() for k, v in out.items()}


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("network")
    write_network(folder / "a.parquet")
    write_network(folder / "b.parquet", drop=True)
    write_cities(folder / "cities.csv")
    return folder


@pytest.mark.parametrize("name", ["a", "b"])
def test_whole_file(network: Path, name: str) -> None:
    assert _digests(network, name) == {k: v for k, v in EXPECTED.items() if k[0] == name}


@pytest.mark.parametrize("name", ["a", "b"])
@pytest.mark.parametrize("batch", [5000, 50_000])
def test_in_batches(network: Path, name: str, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamed in batches smaller and larger than the file's row groups (7,000 rows)."""
    monkeypatch.setattr(_sources, "WHOLE_FILE_ROWS", 0)
    monkeypatch.setattr(_sources, "BATCH_ROWS", batch)
    assert _digests(network, name) == {k: v for k, v in EXPECTED.items() if k[0] == name}


def test_null_positions_of_sliced_arrays() -> None:
    """Nulls found from the validity bytes agree with the unpacked bitmap at any offset."""
    import numpy as np
    import pyarrow as pa

    from ecociv.monitor._arrow import null_mask, null_positions

    values = [None if (i * 7) % 11 in (0, 3) or 40 <= i < 57 else float(i) for i in range(203)]
    whole = pa.array(values, pa.float64())
    for start in (0, 1, 5, 8, 13, 64):
        for length in (0, 1, 9, 100, 203 - start):
            a = whole.slice(start, length)
            assert null_positions(a).tolist() == np.flatnonzero(null_mask(a)).tolist()
            assert null_positions(a).tolist() == [i for i, v in enumerate(values[start : start + length]) if v is None]


def test_hours_of_repeated_and_unsorted_times() -> None:
    """Timestamps repeated for every station (worked out once per run) or all different give the
    same hours and count of values off the hour."""
    import numpy as np
    import pyarrow as pa

    from ecociv.monitor.ingest._time import parse_times

    ms = 3_600_000
    runs = np.repeat(np.array([0, 1, 2, 3, 5, -1], dtype=np.int64) * ms + np.array([0, 0, 60_000, 0, 0, 1], dtype=np.int64), 30)
    for raw in (runs, runs[::-1].copy(), np.arange(-50, 50, dtype=np.int64) * 1_234_567):
        t = parse_times(pa.array(raw, pa.timestamp("ms")))
        assert t.hours.tolist() == (raw // ms).tolist()
        assert t.off_hour == int(np.count_nonzero(raw % ms))
