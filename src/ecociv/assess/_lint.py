"""Plan lint: the inconsistencies an expert review (专家评审) would catch, as :class:`Finding` s.

Checks on the tables (status vs standard and baseline, 序号, baselines across tables, targets
weaker than the baseline, impossible percentages) and on prose against the tables (stated
counts and name lists, figures for a year, repeated paragraphs).  Slugs are stable.
"""

from __future__ import annotations

import re
from pathlib import Path

from ecociv.assess._numeric import numbers_in, numeric_target, plain_number
from ecociv.assess._prose import (
    CountClaim,
    count_claims,
    duplicate_paragraphs,
    figure_mentions,
    name_similarity,
    norm_name,
    prose_sentences,
)
from ecociv.importers._clean import clean_text
from ecociv.model import Finding, Indicator, IndicatorTable, Plan

#: Every slug lint can emit, with its severity.
SLUGS: dict[str, str] = {
    "status-contradicts-standard": "error",
    "status-without-baseline": "warning",
    "seq-duplicate": "warning",
    "seq-skipped": "warning",
    "baseline-mismatch-tables": "warning",
    "baseline-mismatch-prose": "warning",
    "target-weaker-than-baseline": "warning",
    "value-out-of-range": "error",
    "prose-count-mismatch": "warning",
    "prose-name-not-in-table": "warning",
    "prose-names-missing": "warning",
    "prose-name-status-mismatch": "warning",
    "prose-target-mismatch": "warning",
    "duplicate-paragraph": "warning",
}

_MET_WORDS = ("已达标", "达标", "已完成", "完成", "已达到", "达到")
_UNMET_WORDS = ("未达标", "不达标", "未完成", "未达到")


def written_status(ind: Indicator) -> bool | None:
    """True for 达标, False for 未达标, None when the plan states nothing readable."""
    s = (ind.status or "").replace(" ", "")
    if not s:
        return None
    if any(w in s for w in _UNMET_WORDS):
        return False
    if any(w in s for w in _MET_WORDS):
        return True
    return None


def _empty(text: str | None) -> bool:
    return text is None or re.sub(r"[\s—\-－/／无]", "", text) == ""


def _f(slug: str, message: str, plan: Plan, ind: Indicator | None = None, line: int | None = None, **data: object) -> Finding:
    return Finding(
        slug=slug,
        message=message,
        severity=SLUGS[slug],  # type: ignore[arg-type]
        line=line if line is not None else (ind.source_line if ind else None),
        file=plan.source_file,
        data=dict(data),
    )


def _is_percent(ind: Indicator) -> bool:
    return (ind.unit or "").strip() in ("%", "％")


def _direction(ind: Indicator) -> str | None:
    if ind.direction in ("higher", "lower"):
        return ind.direction
    for text in [ind.standard, *ind.targets.values()]:
        t = numeric_target(text)
        if t and t[0] in (">=", ">"):
            return "higher"
        if t and t[0] in ("<=", "<"):
            return "lower"
    try:
        from ecociv.standards import infer_direction

        d = infer_direction(ind.name, ind.unit)
    except ImportError:  # standards area not installed yet
        return None
    return d if d in ("higher", "lower") else None


def _table_label(t: IndicatorTable) -> str:
    return t.title or "指标表"


# --- table checks -----------------------------------------------------------------------------


def _check_status(plan: Plan, table: IndicatorTable, ind: Indicator) -> list[Finding]:
    out: list[Finding] = []
    claimed = written_status(ind)
    if claimed is None:
        return out
    base = ind.baseline.value if ind.baseline else None
    if claimed and _empty(base) and all(_empty(x.baseline.value if x.baseline else None) for x in ind.walk()):
        out.append(_f("status-without-baseline", f"{_table_label(table)}“{ind.name}”标为达标，但没有现状值（基准值）", plan, ind))
        return out
    if _empty(base) or _empty(ind.standard):
        return out
    from ecociv.standards import evaluate

    judged = evaluate(ind.standard, base, name=ind.name, unit=ind.unit, direction=ind.direction)
    if judged.status not in ("met", "not_met"):
        return out
    actual = judged.status == "met"
    if actual != claimed:
        out.append(
            _f(
                "status-contradicts-standard",
                f"{_table_label(table)}“{ind.name}”现状值{base}对照指标值{ind.standard}应为"
                f"{'达标' if actual else '未达标'}，表中却写“{ind.status}”",
                plan,
                ind,
                standard=ind.standard,
                baseline=base,
                written=ind.status,
                computed="met" if actual else "not_met",
                reason=judged.reason,
            )
        )
    return out


def _check_seq(plan: Plan, table: IndicatorTable) -> list[Finding]:
    out: list[Finding] = []
    prev: int | None = None
    seen: dict[int, Indicator] = {}
    for ind in table.rows:
        m = re.match(r"\s*(\d+)", ind.seq or "")
        if not m:
            continue
        n = int(m.group(1))
        if n in seen:
            out.append(_f("seq-duplicate", f"{_table_label(table)}序号{n}重复（“{seen[n].name}”与“{ind.name}”）", plan, ind, seq=n))
        elif prev is not None and n > prev + 1:
            missing = "、".join(str(k) for k in range(prev + 1, n))
            out.append(_f("seq-skipped", f"{_table_label(table)}序号从{prev}跳到{n}，缺少{missing}", plan, ind, seq=n, missing=list(range(prev + 1, n))))
        seen.setdefault(n, ind)
        prev = n if prev is None else max(prev, n)
    return out


def _check_values(plan: Plan, table: IndicatorTable, ind: Indicator) -> list[Finding]:
    out: list[Finding] = []
    if _is_percent(ind) and not re.search(r"幅度|降低|下降|提高|增长|增加|减少|变化", ind.name):
        cells = {"指标值": ind.standard, "现状值": ind.baseline.value if ind.baseline else None}
        cells.update({f"{y}年目标值": v for y, v in ind.targets.items()})
        cells.update({f"{y}年实际值": v for y, v in ind.actual.items()})
        for label, text in cells.items():
            bad = [x for x in numbers_in(text) if x > 100 or x < 0]
            if bad:
                out.append(_f("value-out-of-range", f"{_table_label(table)}“{ind.name}”{label}“{text}”超出0—100%", plan, ind, cell=label, value=bad[0]))
    base = plain_number(ind.baseline.value) if ind.baseline else None
    direction = _direction(ind)
    if base is not None and direction is not None:
        for year, text in sorted(ind.targets.items()):
            t = numeric_target(text)
            if t is None or (ind.standard and norm_name(text or "") == norm_name(ind.standard)):
                continue  # a target that restates the standard's floor is not a plan choice
            if re.search(r"Δ|变化|幅度", clean_text(ind.standard or "") + ind.name):
                continue  # a change measure: its target is not on the baseline's scale
            weaker = t[1] < base if direction == "higher" else t[1] > base
            if weaker:
                out.append(
                    _f(
                        "target-weaker-than-baseline",
                        f"{_table_label(table)}“{ind.name}”{year}年目标值{text}比现状值{ind.baseline.value if ind.baseline else ''}"
                        f"还{'低' if direction == 'higher' else '高'}（{'越高越好' if direction == 'higher' else '越低越好'}）",
                        plan,
                        ind,
                        year=year,
                        target=text,
                        baseline=base,
                    )
                )
    return out


def _leaves(plan: Plan) -> list[tuple[int, Indicator, str, str]]:
    """(table index, indicator, full name, scope) for every indicator; a short sub-indicator name
    (中心城区, 山区 …) is a scope of its parent's name."""
    out: list[tuple[int, Indicator, str, str]] = []
    for ti, table in enumerate(plan.indicator_tables):
        for row in table.rows:
            out.append((ti, row, row.name, ""))
            for sub in row.sub_indicators:
                if len(norm_name(sub.name)) >= 6:
                    out.append((ti, sub, sub.name, ""))
                else:
                    out.append((ti, sub, f"{row.name}{sub.name}", norm_name(sub.name)))
    return out


def _same_indicator(na: str, sa: str, nb: str, sb: str) -> bool:
    """Whether two names (with their scopes) denote the same indicator."""
    a, b = norm_name(_unbracket(na)), norm_name(_unbracket(nb))
    if a == b:
        return True
    scope = sa or sb
    if scope:
        if scope not in a or scope not in b:
            return False
        a, b = a.replace(scope, "", 1), b.replace(scope, "", 1)
        for x in ("%", "％"):
            a, b = a.replace(x, ""), b.replace(x, "")
        return name_similarity(a, b) >= 0.8
    return name_similarity(a, b) >= 0.9


def _could_match(a: str, b: str, scope: str) -> bool:
    """A cheap bound before :func:`_same_indicator`: reduced names of very different lengths,
    neither containing the other, cannot reach its similarity (difflib's ratio is at most
    2·min/(len a + len b))."""
    if a == b or a in b or b in a or scope:
        return True
    return 2 * min(len(a), len(b)) >= 0.9 * (len(a) + len(b))


def _unbracket(name: str) -> str:
    """Name without bracketed units or notes: ``细颗粒物（PM2.5）浓度（微克/立方米）`` -> ``细颗粒物浓度``."""
    return re.sub(r"[（(][^（）()]*[)）]", "", clean_text(name))


def _unit(u: str | None) -> str:
    return norm_name(u or "").replace("％", "%")


def _same_unit(a: str | None, b: str | None) -> bool:
    ua, ub = _unit(a), _unit(b)
    return not ua or not ub or ua.startswith(ub) or ub.startswith(ua)


def _single_number(text: str | None) -> float | None:
    """The figure of a cell that states one number (``0.4837吨标准煤/万元,完成上级规定的目标任务``)."""
    v = plain_number(text)
    if v is not None:
        return v
    if not text or re.search(r"[≥≤><＞＜~～]|以上|以下|左右|不低于|不高于", text):
        return None
    nums = numbers_in(clean_text(text))
    return nums[0] if len(nums) == 1 and re.match(r"^\s*[-−]?\d", text) else None


def _values_by_year(ind: Indicator) -> dict[int, tuple[str, float]]:
    vals: dict[int, tuple[str, float]] = {}
    if ind.baseline and ind.baseline.year is not None:
        v = _single_number(ind.baseline.value)
        if v is not None and ind.baseline.value is not None:
            vals[ind.baseline.year] = (ind.baseline.value, v)
    for y, text in ind.actual.items():
        v = _single_number(text)
        if v is not None and text is not None:
            vals.setdefault(y, (text, v))
    return vals


def _check_cross_tables(plan: Plan) -> list[Finding]:
    out: list[Finding] = []
    # only indicators with figures can disagree: their values and reduced names are found once
    leaves = [(t, i, n, s, v, norm_name(_unbracket(n))) for t, i, n, s in _leaves(plan) if (v := _values_by_year(i))]
    for a in range(len(leaves)):
        ta, ia, na, sa, va, ka = leaves[a]
        for b in range(a + 1, len(leaves)):
            tb, ib, nb, sb, vb, kb = leaves[b]
            if tb == ta or not set(va) & set(vb) or not _could_match(ka, kb, sa or sb):
                continue
            if not _same_indicator(na, sa, nb, sb) or not _same_unit(ia.unit, ib.unit):
                continue
            for year in sorted(set(va) & set(vb)):
                if abs(va[year][1] - vb[year][1]) > 1e-9 * max(1.0, abs(va[year][1])):
                    out.append(
                        _f(
                            "baseline-mismatch-tables",
                            f"“{na}”{year}年的值在{_table_label(plan.indicator_tables[ta])}为{va[year][0]}，"
                            f"在{_table_label(plan.indicator_tables[tb])}为{vb[year][0]}",
                            plan,
                            ib,
                            other_line=ia.source_line,
                            year=year,
                            values=[va[year][1], vb[year][1]],
                        )
                    )
    return out


# --- prose against tables ---------------------------------------------------------------------


def _table_for(plan: Plan, claim: CountClaim) -> IndicatorTable | None:
    tables = [t for t in plan.indicator_tables if t.kind == "system"] or plan.indicator_tables
    if not tables:
        return None
    if claim.table_ref:
        ref = claim.table_ref.replace("－", "-")
        for t in tables:
            if re.search(rf"表\s*{re.escape(ref)}(?![\d.])", t.title or ""):
                return t
    before = [t for t in tables if t.source_line is not None and t.source_line <= claim.line]
    if before:
        return max(before, key=lambda t: t.source_line or 0)
    return tables[0]


def _head(name: str) -> str:
    """A row name before the sub-indicator names the converter ran into it (``水环境质量 水质…``)."""
    return clean_text(name).split(" ")[0]


def _merge_names(names: list[str], rows: list[Indicator]) -> list[str]:
    """Rejoin list items the 、 split tore apart (``河（湖）长制、林长制`` is one row)."""
    whole = {norm_name(r.name) for r in rows} | {norm_name(_head(r.name)) for r in rows}
    out: list[str] = []
    for n in names:
        if out and norm_name(out[-1] + n) in whole and norm_name(n) not in whole:
            out[-1] = f"{out[-1]}、{n}"
        else:
            out.append(n)
    return out


def _match_row(name: str, rows: list[Indicator]) -> tuple[Indicator | None, float]:
    best: tuple[Indicator | None, float] = (None, 0.0)
    for r in rows:
        s = max(
            [name_similarity(name, r.name), name_similarity(name, _head(r.name))]
            + [name_similarity(name, sub.name) * 0.9 for sub in r.sub_indicators]
        )
        if s > best[1]:
            best = (r, s)
    return best


def _check_claims(plan: Plan, lines: list[str]) -> list[Finding]:
    out: list[Finding] = []
    for claim in count_claims(lines):
        table = _table_for(plan, claim)
        if table is None:
            continue
        label = _table_label(table)
        rows = table.rows
        if claim.kind == "total":
            actual = len(rows)
            what = "指标"
        else:
            want = claim.kind == "met"
            actual = sum(1 for r in rows if written_status(r) is want)
            what = "达标指标" if want else "未达标指标"
            if not any(written_status(r) is not None for r in rows):
                continue
        if claim.count != actual:
            out.append(_f("prose-count-mismatch", f"正文称{what}{claim.count}项，{label}中为{actual}项", plan, line=claim.line, stated=claim.count, table=actual, kind=claim.kind))
        names = _merge_names(claim.names, rows)
        if names and len(names) != claim.count:
            out.append(_f("prose-count-mismatch", f"正文称{what}{claim.count}项，但列出了{len(names)}项名称", plan, line=claim.line, stated=claim.count, listed=len(names), kind=claim.kind))
        if not names:
            continue
        matched: set[int] = set()
        for name in names:
            row, score = _match_row(name, rows)
            if row is None or score < 0.75:
                out.append(_f("prose-name-not-in-table", f"正文列出的“{name}”在{label}中找不到", plan, line=claim.line, name=name))
                continue
            matched.add(id(row))
            st = written_status(row)
            if st is not None and st != (claim.kind == "met"):
                out.append(
                    _f("prose-name-status-mismatch", f"正文把“{name}”列为{'已达标' if claim.kind == 'met' else '未达标'}，{label}中写“{row.status}”", plan, line=claim.line, name=name)
                )
        want_met = claim.kind == "met"
        missing = [_head(r.name) for r in rows if written_status(r) is want_met and id(r) not in matched]
        if missing:
            out.append(
                _f("prose-names-missing", f"{label}中{'达标' if want_met else '未达标'}的“{'、'.join(missing)}”未在正文列出", plan, line=claim.line, names=missing)
            )
    return out


def _check_prose_figures(plan: Plan, lines: list[str]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[int, str, int]] = set()
    sentences = prose_sentences(lines)
    for _, ind, name, _scope in _leaves(plan):
        mentions = figure_mentions(sentences, name)
        if not mentions:
            continue
        base = plain_number(ind.baseline.value) if ind.baseline else None
        for m in mentions:
            key = (m.line, norm_name(name), m.year)
            if key in seen:
                continue
            if m.is_target and m.year in ind.targets:
                t = numeric_target(ind.targets[m.year])
                if t is None:
                    continue
                same = abs(t[1] - m.value) <= 1e-9 * max(1.0, abs(t[1]))
                if not same:
                    seen.add(key)
                    out.append(
                        _f(
                            "prose-target-mismatch",
                            f"正文第{m.line}行写{m.year}年“{name}”目标为{m.value:g}，指标表中为{ind.targets[m.year]}（表在第{ind.source_line}行）",
                            plan,
                            ind,
                            line=m.line,
                            year=m.year,
                            prose=m.value,
                            table=ind.targets[m.year],
                            table_line=ind.source_line,
                        )
                    )
            elif (
                not m.is_target
                and ind.baseline
                and ind.baseline.year == m.year
                and base is not None
                and abs(base - m.value) > 1e-9 * max(1.0, abs(base))
            ):
                seen.add(key)
                out.append(
                    _f(
                        "baseline-mismatch-prose",
                        f"正文第{m.line}行写{m.year}年“{name}”为{m.value:g}，指标表中现状值为{ind.baseline.value}（表在第{ind.source_line}行）",
                        plan,
                        ind,
                        line=m.line,
                        year=m.year,
                        prose=m.value,
                        table=base,
                        table_line=ind.source_line,
                    )
                )
    return out


def _check_duplicates(plan: Plan, lines: list[str]) -> list[Finding]:
    out: list[Finding] = []
    for g in duplicate_paragraphs(lines):
        a, b = g.lines[0], g.lines[1]
        head = re.sub(r"\s+", "", clean_text(lines[b - 1]))[:24]
        if g.count == 2:
            message = f"第{b}行段落与第{a}行段落大段重复（重复约{g.share:.0%}）：“{head}……”"
        else:
            where = "、".join(map(str, g.lines[1:10])) + ("等" if g.count > 10 else "")
            message = f"第{a}行段落在第{where}行重复出现，共 {g.count} 段（重复约{g.share:.0%}）：“{head}……”"
        out.append(_f("duplicate-paragraph", message, plan, line=b, other_line=a, share=g.share, count=g.count,
                      lines=g.lines))
    return out


def lint_plan(plan: Plan, lines: list[str]) -> list[Finding]:
    """Every lint finding for ``plan`` read from the document ``lines`` (line *n* = ``lines[n-1]``)."""
    out: list[Finding] = []
    for table in plan.indicator_tables:
        out.extend(_check_seq(plan, table))
        for row in table.rows:
            out.extend(_check_status(plan, table, row))
            for ind in row.walk():
                out.extend(_check_values(plan, table, ind))
    out.extend(_check_cross_tables(plan))
    out.extend(_check_claims(plan, lines))
    out.extend(_check_prose_figures(plan, lines))
    out.extend(_check_duplicates(plan, lines))
    out.sort(key=lambda f: (f.line or 0, f.slug))
    return out


def document_lines(path: Path, encoding: str | None = None) -> list[str]:
    """The document's lines exactly as the importer numbers them (.docx: paragraphs and
    tab-separated table rows; text: decoded with the importer's encoding detection)."""
    if path.suffix.lower() == ".docx":
        from ecociv.importers._docx import docx_lines

        return docx_lines(path)
    from ecociv.importers._decode import decode_bytes

    return decode_bytes(path.read_bytes(), path.name, encoding).lines


def lint_file(path: str | Path) -> list[Finding]:
    """Read the plan at ``path`` with :func:`ecociv.importers.read_plan` and lint it."""
    from ecociv.importers import read_plan

    p = Path(path)
    plan = read_plan(p)
    return lint_plan(plan, document_lines(p, plan.encoding))
