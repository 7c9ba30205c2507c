"""Monitoring data as it arrives: a file, a folder (recursive) or a .zip of CSV/Excel/Parquet
files in any mix of layouts, read into station-hour rows by year.

>>> src = read_air(Path("DATA/"), AirOptions(hour_label=None, co_unit=None))
>>> for year in src.years: hourly = src.hourly(year)   # one year at a time, bounded memory
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ecociv.errors import InputError
from ecociv.model import Finding
from ecociv.monitor._io import Hourly
from ecociv.monitor.ingest._collect import Collector
from ecociv.monitor.ingest._layout import Options, Piece, StationListFile, looks_like_header, read_table
from ecociv.monitor.ingest._sources import DATA_SUFFIXES, Skipped, Source, tables, walk
from ecociv.monitor.ingest._stations import Station, StationList, read_station_list

HOUR_LABELS = {"start": "起始时刻", "end": "结束时刻"}
CO_UNITS = {"mg": "mg/m³", "ug": "µg/m³"}

Progress = Callable[[int, int, str], None]  # done, total, current file


@dataclass
class AirOptions(Options):
    strict: bool = False
    stations: StationList | None = None
    cities: dict[str, str] | None = None  # station -> city (the simple two-column map)
    city: str | None = None  # compute only this city's stations
    all_levels: bool = False  # city figures from every listed station, not only 国控


@dataclass
class FileReport:
    name: str
    layout: str
    rows: int
    stations: int
    hour_label: str
    hour_label_source: str
    co_unit: str
    co_unit_source: str


@dataclass
class AirInput:
    label: str
    files: list[FileReport]
    findings: list[Finding]
    years: list[int]
    city_map: dict[str, str] | None
    keep: set[str] | None
    collector: Collector = field(repr=False)

    def hourly(self, year: int) -> Hourly | None:
        return self.collector.hourly(year, self.label, self.keep)

    def close(self) -> None:
        self.collector.close()

    def conventions(self) -> list[str]:
        """One line per distinct convention, naming how many files follow it (always shown)."""
        groups: dict[tuple[str, str], list[str]] = {}
        for f in self.files:
            groups.setdefault((f"小时标记为该小时的{HOUR_LABELS[f.hour_label]}", f.hour_label_source), []).append(f.name)
            groups.setdefault((f"CO 单位 {CO_UNITS[f.co_unit]}" + ("（已换算为 mg/m³）" if f.co_unit == "ug" else ""), f.co_unit_source), []).append(f.name)
        return [f"{what}（{how}）：{len(names)} 个文件" + (f"，如 {names[0]}" if len(names) > 0 else "") for (what, how), names in groups.items()]


def count_files(root: Path) -> int:
    files = [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else [root]
    n = 0
    for p in files:
        if p.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(p) as z:
                    n += sum(1 for i in z.infolist() if Path(i.filename).suffix.lower() in DATA_SUFFIXES)
            except (zipfile.BadZipFile, OSError):
                n += 1
        elif p.suffix.lower() in DATA_SUFFIXES:
            n += 1
    return n


def read_air(root: Path, opts: AirOptions, progress: Progress | None = None) -> AirInput:
    """Read every data file under ``root``; InputError when nothing usable remains (or ``strict``)."""
    total = count_files(root) if root.exists() else 0
    col = Collector()
    files: list[FileReport] = []
    findings: list[Finding] = []
    bad: list[str] = []
    city_from_data: dict[str, str] = {}
    wide_cities: set[str] = set()
    counts = {"sentinels": 0, "offline": 0, "unparsed": 0, "off_hour": 0, "tz": 0}
    done = 0
    last: tuple[list[str], list[str]] = ([], [])
    try:
        for item in walk(root):
            if isinstance(item, Skipped):
                findings.append(Finding("file-unreadable" if item.data_file else "file-skipped", f"{item.name}：{item.reason}", "error" if item.data_file else "info", file=item.name))
                if item.data_file:
                    bad.append(f"{item.name}：{item.reason}")
                    if opts.strict:
                        raise InputError(f"{item.name}：{item.reason}（--strict：任一文件无法读取即停止）")
                continue
            if progress:
                progress(done, total, item.name)
            try:
                pieces = _read_source(item, opts)
            except StationListFile as exc:
                findings.append(Finding("station-list-in-data", str(exc), "info", file=item.name))
                pieces = None
            except InputError as exc:
                if opts.strict:
                    raise InputError(f"{exc}（--strict：任一文件无法读取即停止）") from None
                findings.append(Finding("file-unreadable", str(exc), "error", file=item.name))
                bad.append(str(exc))
                pieces = None
            done += 1
            if progress:
                progress(done, total, item.name)
            if pieces is None:
                continue
            if not pieces:
                msg = f"{item.name}：没有数据行（只有表头或为空）"
                if opts.strict:
                    raise InputError(msg + "（--strict）")
                findings.append(Finding("file-empty", msg, "error", file=item.name))
                bad.append(msg)
                continue
            for p in pieces:
                if p.stations is not last[0]:  # pieces of one table share their station list
                    last = (p.stations, [_canonical(n, opts.stations) for n in p.stations])
                names = last[1]
                col.add(names, p.station_idx, p.hours, p.values, p.derived)
                for raw, c in p.city_of.items():
                    city_from_data.setdefault(_canonical(raw, opts.stations), c)
                if p.entities_are_cities:
                    wide_cities.update(names)
                counts["sentinels"] += p.sentinels
                counts["offline"] += p.offline_rows
                counts["unparsed"] += p.unparsed
                counts["off_hour"] += p.off_hour
                counts["tz"] += int(p.tz_converted)
            files.append(_report(item.name, pieces))
        if not files:
            detail = "；".join(bad[:10]) if bad else "没有找到 .csv、.xlsx、.parquet 文件"
            raise InputError(f"{root}：没有可用的空气监测数据（{detail}）")
        col.finish()
        findings.extend(_value_findings(counts, col))
        city_map, keep, more = _cities(col.names, opts, city_from_data, wide_cities)
        findings.extend(more)
        label = root.name or str(root)
        return AirInput(label, files, findings, col.years(), city_map, keep, col)
    except BaseException:
        col.close()
        raise


def _read_source(src: Source, opts: Options) -> list[Piece]:
    raws = tables(src, looks_like_header)
    out: list[Piece] = []
    errors: list[InputError] = []
    for t in raws:
        try:
            out.extend(read_table(t, opts))
        except InputError as exc:
            errors.append(exc)
    if not out and errors:
        raise errors[0]
    return out


def _report(name: str, pieces: list[Piece]) -> FileReport:
    p = pieces[0]
    return FileReport(name, p.layout, sum(int(x.station_idx.size) for x in pieces), len({s for x in pieces for s in x.stations}), p.hour_label, p.hour_label_source, p.co_unit, p.co_unit_source)


def _canonical(name: str, stations: StationList | None) -> str:
    if stations is None:
        return name
    s = stations.find(name)
    return name if s is None else stations.label(s)


def _value_findings(counts: dict[str, int], col: Collector) -> list[Finding]:
    out: list[Finding] = []
    if counts["sentinels"]:
        out.append(Finding("sentinel-value", f"{counts['sentinels']} 个哨兵值（-99、-999、9999 等）已按缺测处理", "warning", data={"count": counts["sentinels"]}))
    if counts["offline"]:
        out.append(Finding("station-offline-zeros", f"{counts['offline']} 个站点·小时各项均为 0（站点离线），已按缺测处理", "warning", data={"count": counts["offline"]}))
    if counts["unparsed"]:
        out.append(Finding("value-not-number", f"{counts['unparsed']} 个单元格不是数值（如“<2”“无效”），已按缺测处理", "warning", data={"count": counts["unparsed"]}))
    if counts["tz"]:
        out.append(Finding("timezone-converted", f"{counts['tz']} 个表的时间带有时区，已换算为北京时间（UTC+8）", "info", data={"count": counts["tz"]}))
    if counts["off_hour"]:
        out.append(Finding("time-not-on-hour", f"{counts['off_hour']} 个时间不在整点，已按所在小时计", "info", data={"count": counts["off_hour"]}))
    expected = col.rows * 6
    if int(col.missing.sum()):
        share = {n: (int(m), int(e)) for n, m, e in zip(col.names, col.missing.tolist(), expected.tolist(), strict=True) if m}
        worst = sorted(share.items(), key=lambda kv: -kv[1][0] / max(1, kv[1][1]))
        shown = "、".join(f"{n} {m}/{e}" for n, (m, e) in worst[:8]) + (" 等" if len(worst) > 8 else "")
        out.append(Finding("missing-by-station", f"{len(share)} 个站点有缺测值（缺测数/值总数）：{shown}", "info", data={"stations": {n: {"missing": m, "values": e} for n, (m, e) in share.items()}}))
    return out


def _cities(names: list[str], opts: AirOptions, from_data: dict[str, str], wide_cities: set[str]) -> tuple[dict[str, str] | None, set[str] | None, list[Finding]]:
    """Station -> city for the stations that make city figures, and the stations to compute."""
    findings: list[Finding] = []
    city_map: dict[str, str] | None = None
    if opts.stations is not None:
        sl = opts.stations
        city_map = {}
        provincial: list[str] = []
        unknown: list[str] = []
        other_points: dict[str, str] = {}
        for n in names:
            s: Station | None = sl.find(n)
            if s is None:
                unknown.append(n)
            elif s.not_city_point and not opts.all_levels:
                other_points[n] = s.not_city_point
            elif sl.has_levels and not opts.all_levels and not s.national:
                provincial.append(n)
            else:
                city_map[n] = s.city
        if unknown:
            findings.append(Finding("station-not-listed", f"{len(unknown)} 个站点不在站点表 {sl.file} 中，未计入城市统计：{'、'.join(unknown[:10])}{' 等' if len(unknown) > 10 else ''}", "warning", data={"stations": unknown}))
        if other_points:
            shown = "、".join(f"{n}（{k}）" for n, k in list(other_points.items())[:10]) + (" 等" if len(other_points) > 10 else "")
            findings.append(Finding("station-not-city-point", f"{len(other_points)} 个站点不是城市点，未计入城市统计：{shown}（HJ 663—2013 表A.2 注：城市统计只用城市点，不包括区域点、背景点、污染监控点和路边交通点；--all-stations 计入全部站点）", "info", data={"stations": other_points}))
        if provincial:
            findings.append(Finding("station-not-national", f"{len(provincial)} 个非国控站点未计入城市统计（城市数据默认只用国控站点；--all-stations 计入全部站点）", "info", data={"stations": provincial}))
    elif opts.cities is not None:
        city_map = dict(opts.cities)
    elif from_data or wide_cities:
        city_map = {**from_data, **{c: c for c in wide_cities}}
    keep: set[str] | None = None
    if opts.city is not None:
        if city_map is None:  # the data name no city: the user says which city they are
            findings.append(Finding("city-from-option", f"数据未标明城市（未提供站点表或城市对照表），全部 {len(names)} 个站点按 --city 计为“{opts.city}”", "info", data={"city": opts.city}))
            return dict.fromkeys(names, opts.city), set(names), findings
        available = sorted(set(city_map.values()))
        chosen = _match_city(opts.city, available)
        if chosen is None:
            raise InputError(f"数据中没有城市“{opts.city}”（可选：{'、'.join(available[:30])}）")
        keep = {n for n, c in city_map.items() if c == chosen}
        city_map = {n: c for n, c in city_map.items() if c == chosen}
    return city_map, keep, findings


def _match_city(wanted: str, available: list[str]) -> str | None:
    if wanted in available:
        return wanted
    short = [c for c in available if c.rstrip("市") == wanted.rstrip("市")]
    return short[0] if len(short) == 1 else None


__all__ = ["CO_UNITS", "HOUR_LABELS", "AirInput", "AirOptions", "FileReport", "Station", "StationList", "count_files", "read_air", "read_station_list"]
