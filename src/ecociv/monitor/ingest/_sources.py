"""Finding the data files (a file, a folder walked recursively, .zip archives, nested) and reading
them as tables (CSV in UTF-8 or GB18030, Excel workbooks sheet by sheet, Parquet in batches).

A file that cannot be read is reported with the reason, never silently skipped.
"""

from __future__ import annotations

import codecs
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ecociv.errors import InputError

DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet", ".pq")
#: cells meaning "no value" wherever they appear
NULL_MARKERS = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "—", "——", "-", "--", "---", "/", "空", "空白", "无", "无数据", "缺测", "缺失", "#N/A"]
_HEADER_SCAN = 12  # rows searched for the header line (vendor exports put a title above it)
#: a Parquet file of at most this many rows is read whole (its columns decoded in parallel)
WHOLE_FILE_ROWS = 1 << 23
#: rows per batch when a larger file streams
BATCH_ROWS = 1 << 20


@dataclass
class Source:
    name: str  # as shown to the user: path relative to the argument, "a.zip/b/c.csv" inside archives
    path: Path  # a real file (archive members are extracted to a temporary folder)


@dataclass
class Skipped:
    name: str
    reason: str
    data_file: bool  # a data file type that could not be read (counts for --strict)


def walk(root: Path) -> Iterator[Source | Skipped]:
    """Every data file under ``root`` (itself a file, a folder or a .zip), in name order."""
    if not root.exists():
        raise InputError(f"{root}：文件不存在（也不是文件夹）")
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.name.startswith((".", "~$")):
                yield from _one(p, str(p.relative_to(root)))
        return
    yield from _one(root, root.name)


def _one(path: Path, name: str) -> Iterator[Source | Skipped]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        yield from _zip(path, name)
    elif suffix in DATA_SUFFIXES:
        yield Source(name, path)
    else:
        yield Skipped(name, f"不是数据文件（支持 {'、'.join(DATA_SUFFIXES)}、.zip），已跳过", False)


def _zip(path: Path, name: str) -> Iterator[Source | Skipped]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Skipped(name, f"不是有效的 zip 压缩包（{type(exc).__name__}）", True)
        return
    with zf, tempfile.TemporaryDirectory(prefix="ecociv-zip-") as tmp:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir() or Path(info.filename).name.startswith((".", "~$")) or "__MACOSX" in info.filename:
                continue
            member = f"{name}/{info.filename}"
            suffix = Path(info.filename).suffix.lower()
            if suffix not in (*DATA_SUFFIXES, ".zip"):
                yield Skipped(member, "不是数据文件，已跳过", False)
                continue
            target = Path(tmp) / f"member{suffix}"
            try:
                with zf.open(info) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                yield Skipped(member, f"无法从压缩包解出（{type(exc).__name__}：可能已损坏或加密）", True)
                continue
            yield from _one(target, member)
            target.unlink(missing_ok=True)


# --- tables -------------------------------------------------------------------------------------


@dataclass
class RawTable:
    """One table of a file (a CSV, a Parquet file, or one sheet of a workbook)."""

    name: str  # file, or "file:sheet"
    headers: list[str]
    read: Callable[[dict[str, pa.DataType]], Iterator[pa.Table]]  # column types to force -> batches
    header_line: int = 1  # 1-based line/row of the header (rows after it are data)


def _encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf8"
    except UnicodeDecodeError:
        return "gb18030"


def _find_header(rows: list[list[Any]], looks_like_header: Callable[[list[str]], bool]) -> int:
    for i, row in enumerate(rows[:_HEADER_SCAN]):
        if looks_like_header(["" if c is None else str(c) for c in row]):
            return i
    return 0


def tables(src: Source, looks_like_header: Callable[[list[str]], bool]) -> list[RawTable]:
    """The tables of a file; InputError with the reason when it cannot be opened at all."""
    suffix = src.path.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            return [_parquet(src)]
        if suffix in (".xlsx", ".xlsm"):
            return _workbook(src, looks_like_header)
        return [_csv(src, looks_like_header)]
    except InputError:
        raise
    except (pa.ArrowException, OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"{src.name}：无法读取（{_reason(exc)}）") from exc


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, zipfile.BadZipFile) or "zip file" in text:
        return "不是有效的 Excel 工作簿"
    if "Parquet magic bytes" in text or "Parquet file size is 0" in text or "parquet" in text.lower():
        return "不是有效的 Parquet 文件"
    if isinstance(exc, UnicodeDecodeError):
        return "文件编码无法识别（应为 UTF-8 或 GBK）"
    if isinstance(exc, OSError):
        return "文件无法打开"
    return "文件内容不是可识别的表格"


def _parquet(src: Source) -> RawTable:
    pf = pq.ParquetFile(src.path)
    names = list(pf.schema_arrow.names)

    def read(types: dict[str, pa.DataType]) -> Iterator[pa.Table]:
        cols = [c for c in names if c in types]
        with pq.ParquetFile(src.path) as f:
            if f.metadata.num_rows <= WHOLE_FILE_ROWS:  # whole file: columns decoded in parallel
                yield f.read(columns=cols)
                return
            # large files stream; the next part is decoded (on one thread: the caller works on the
            # other core) while the caller works on this one
            parts = _row_group_parts(f, cols)
            with ThreadPoolExecutor(max_workers=1) as pool:
                ahead = pool.submit(next, parts, None)
                while (table := ahead.result()) is not None:
                    ahead = pool.submit(next, parts, None)
                    yield table
                    del table

    pf.close()
    return RawTable(src.name, names, read)


def _row_group_parts(f: pq.ParquetFile, cols: list[str]) -> Iterator[pa.Table]:
    """The file as tables of whole row groups, about :data:`BATCH_ROWS` rows each (a row group
    decodes straight into its columns, where batches cut across row groups are gathered by a
    copy); a row group much larger than that is cut into batches."""
    meta = f.metadata
    group: list[int] = []
    rows = 0
    for i in range(meta.num_row_groups):
        n = meta.row_group(i).num_rows
        if group and rows + n > BATCH_ROWS:
            yield f.read_row_groups(group, columns=cols, use_threads=False)
            group, rows = [], 0
        if n > 2 * BATCH_ROWS:
            for batch in f.iter_batches(batch_size=BATCH_ROWS, row_groups=[i], columns=cols, use_threads=False):
                yield pa.Table.from_batches([batch])
            continue
        group.append(i)
        rows += n
    if group:
        yield f.read_row_groups(group, columns=cols, use_threads=False)


def _csv(src: Source, looks_like_header: Callable[[list[str]], bool]) -> RawTable:
    import csv

    enc = _encoding(src.path)
    with src.path.open(encoding="utf-8-sig" if enc == "utf8" else "gb18030", errors="replace", newline="") as fh:
        head = [row for _, row in zip(range(_HEADER_SCAN), csv.reader(fh), strict=False)]
    if not head:
        raise InputError(f"{src.name}：文件为空")
    skip = _find_header(head, looks_like_header)
    headers = [h.strip().lstrip("\ufeff") for h in head[skip]]

    present = set(headers)

    def read(types: dict[str, pa.DataType]) -> Iterator[pa.Table]:
        opts = pacsv.ReadOptions(encoding=enc, skip_rows=skip, block_size=1 << 24)
        conv = pacsv.ConvertOptions(
            column_types={h: t for h, t in types.items() if h in present},
            include_columns=[h for h in headers if h in types],
            null_values=NULL_MARKERS,
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        )
        parse = pacsv.ParseOptions(newlines_in_values=False, invalid_row_handler=None)
        yield pacsv.read_csv(src.path, read_options=opts, convert_options=conv, parse_options=parse)

    return RawTable(src.name, headers, read, skip + 1)


def _workbook(src: Source, looks_like_header: Callable[[list[str]], bool]) -> list[RawTable]:
    import openpyxl

    wb = openpyxl.load_workbook(src.path, read_only=True, data_only=True)
    out: list[RawTable] = []
    try:
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            rows = [r for r in rows if any(c is not None and str(c).strip() for c in r)]
            if not rows:
                continue
            i = _find_header(rows, looks_like_header)
            headers = ["" if c is None else str(c).strip() for c in rows[i]]
            out.append(RawTable(f"{src.name}:{ws.title}", headers, _sheet_reader(headers, rows[i + 1 :]), i + 1))
    finally:
        wb.close()
    return out


def _sheet_reader(headers: list[str], body: list[list[Any]]) -> Callable[[dict[str, pa.DataType]], Iterator[pa.Table]]:
    def read(types: dict[str, pa.DataType]) -> Iterator[pa.Table]:
        cols: dict[str, pa.Array] = {}
        for j, h in enumerate(headers):
            if h not in types or h in cols:
                continue
            vals = [r[j] if j < len(r) else None for r in body]
            vals = [None if (isinstance(v, str) and v.strip() in NULL_MARKERS) else v for v in vals]
            cols[h] = _column(vals, types[h])
        yield pa.table(cols)

    return read


def _column(vals: list[Any], want: pa.DataType) -> pa.Array:
    """Cells of one sheet column as an Arrow array: numbers stay numbers, dates stay dates."""
    if pa.types.is_floating(want):
        if all(v is None or isinstance(v, int | float) for v in vals):
            return pa.array(vals, pa.float64())
        return pa.array([None if v is None else str(v).strip() for v in vals], pa.string())
    try:
        return pa.array(vals)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v).strip() for v in vals], pa.string())
