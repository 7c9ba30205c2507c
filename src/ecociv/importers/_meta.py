"""Plan metadata: title, region, kind, base year, period and stage years, where the document
states them (title line, 规划期限 paragraph, table headers)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ecociv.importers._clean import ascii_digits, clean_text
from ecociv.model import Finding, IndicatorTable, Plan, Region

__all__ = [
    "Meta",
    "apply_meta",
    "extract_meta",
    "find_region",
    "find_title",
    "five_year_period",
    "parse_period",
    "region_from_body",
    "region_from_front",
]

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_KIND_WORDS = r"(?:规划纲要|规划|工作方案|实施方案|行动方案|方案|行动计划|计划|纲要|工作要点)"
_TITLE_END = re.compile(_KIND_WORDS + r"(?:\s*[（(][^（）()]{0,20}[)）]){0,2}\s*$")
_KINDS: tuple[tuple[str, str], ...] = (
    (r"规划纲要$", "规划纲要"),
    (r"工作方案$", "工作方案"),
    (r"工作要点$", "工作要点"),
    (r"实施方案$", "实施方案"),
    (r"行动方案$", "行动方案"),
    (r"行动计划$", "行动计划"),
    (r"生态文明建设示范\S{0,4}规划$", "生态文明建设示范区规划"),
    (r"生态环境保护\S{0,6}规划$", "生态环境保护规划"),
    (r"规划$", "规划"),
    (r"方案$", "方案"),
    (r"计划$", "计划"),
)
_YEAR_RANGE = r"((?:19|20)\d{2})\s*年?\s*[-~～—–至到]+\s*((?:19|20)\d{2})"
_PERIOD_PROSE = re.compile(r"(?:规划|实施|方案)(?:期限|期|时限|年限|时段)\s*(?:为|是|：|:)?\s*" + _YEAR_RANGE)
_BASE_PROSE = re.compile(
    r"(?:规划)?基准年\s*(?:为|是|：|:)?\s*((?:19|20)\d{2})|以\s*((?:19|20)\d{2})\s*年?为(?:规划)?基准年"
)
#: 近期目标年为2025年，远期目标年为2035年 / 近期至2025年: a stage named by its end year only.
_STAGE_YEAR_PROSE = re.compile(
    r"(?:近期|中期|远期|第[一二三四]阶段)(?:目标)?(?:年|年份|年限)?\s*(?:为|是|：|:|至|到)\s*((?:19|20)\d{2})\s*年(?!\s*[-~～—–至到]+\s*(?:19|20)\d{2})"
)
_STAGE_PROSE = re.compile(r"(?:近期|中期|远期|第[一二三四]阶段)(?:目标)?\s*[（(]?\s*(?:为|：|:)?\s*" + _YEAR_RANGE)
_FIVE_YEAR = re.compile(r"[“\"‘]?十([一二三四五六七八九])五[”\"’]?")
_REGION = re.compile(
    r"^((?:[\u3400-\u4dbf\u4e00-\u9fff]{2,7}?(?:省|自治区))?)"
    r"((?:[\u3400-\u4dbf\u4e00-\u9fff]{1,8}?自治州|[\u3400-\u4dbf\u4e00-\u9fff]{1,6}?(?:市|地区|盟))?)"
    r"((?:[\u3400-\u4dbf\u4e00-\u9fff]{1,12}?自治[县旗]|[\u3400-\u4dbf\u4e00-\u9fff]{1,6}?(?:县区|县|区|市|旗))?)"
)


@dataclass
class Meta:
    title: str
    region: str
    kind: str | None = None
    base_year: int | None = None
    period: tuple[int, int] | None = None
    stage_years: list[int] = field(default_factory=list)
    region_info: Region | None = None


def five_year_period(text: str) -> tuple[int, int] | None:
    """``“十四五”`` -> (2021, 2025): the n-th five-year plan from the 6th on starts 1981 + 5(n-6)."""
    m = _FIVE_YEAR.search(text)
    if not m:
        return None
    n = 10 + _CN_NUM[m.group(1)]
    start = 1981 + 5 * (n - 6)
    return start, start + 4


def find_title(lines: list[str], fallback: str) -> str:
    """The plan's own title line (not a 关于印发…的通知 cover), else the title a cover quotes."""
    quoted: str | None = None
    for raw in lines[:200]:
        t = clean_text(raw)
        if not t or len(t) > 80 or "\t" in raw.strip():
            continue
        q = re.search(r"《([^》]{4,50}?" + _KIND_WORDS + r"(?:[（(][^（）()]{0,20}[)）]){0,2})》", t)
        if q and quoted is None:
            quoted = q.group(1)
        if len(t) > 60 or t.startswith("关于") or t.endswith("通知") or "《" in t or t.endswith(("。", "；", "：")):
            continue
        if re.match(r"^(?:第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d)", t) and not re.match(
            r"^(?:19|20)\d{2}\s*年", t
        ):
            continue
        if _TITLE_END.search(t) and len(t) >= 6:
            return re.sub(r"\s+(?=[（(])", "", t)
    return quoted or fallback


def find_region(title: str) -> Region | None:
    """The most specific region a title starts with: 会昌县, 宜春市, 赣县区 (parent kept)."""
    t = re.sub(r"^\s*(?:(?:19|20)\d{2}\s*(?:[-~～—–至]\s*(?:19|20)\d{2})?\s*年度?)", "", title)
    t = re.sub(r"^[“\"《]", "", t)
    m = _REGION.match(t)
    if not m or not any(m.groups()):
        return None
    prov, city, county = m.group(1), m.group(2), m.group(3)
    if county.endswith("县") and t[m.end() : m.end() + 1] == "区":
        county += "区"
    if county:
        parent = city or prov or None
        return Region(name=county, level="县区", parent=parent)
    org = _AGENCY.match(t[m.end() :])
    if org:
        # an agency standing for its area: 松岭林业局, 某某林区, 某某新区管委会
        head, _, name = re.sub(r"(?<=区)(?:管理委员会|管委会)$", "", org.group(1)).rpartition("公司")
        parent = (head + "公司") if head else (city or prov or None)
        return Region(name=name or org.group(1), level="县区", parent=parent)
    if city:
        return Region(name=city, level="市", parent=prov or None)
    return Region(name=prov, level="省")


#: Agencies that run an area the way a county does (林业局, 管理局, 林区, 开发区 …).
_AGENCY = re.compile(
    r"^([\u4e00-\u9fff]{2,16}?(?:管理局|林业局|林区|管委会|管理委员会|开发区|高新区|经开区|新区|农场|垦区))"
    r"(?=[“\"《]?(?:\d|生态|环境|美丽|绿色|“|十|国家|省级|[（(]))"
)
#: Where the first pages name the region: the issuing government, the plan's scope.
_FRONT_REGION = re.compile(
    r"^([\u4e00-\u9fff]{2,20}?)(?:人民政府|党委|委员会|生态环境局|生态环境分局)(?:办公室)?\s*$"
    r"|规划(?:范围|区域)(?:为|是|包括|覆盖)?([\u4e00-\u9fff]{2,20}?)(?:全域|行政区域|全境|辖区|所辖)"
)


def region_from_front(lines: list[str]) -> Region | None:
    """The region the first pages name, for a title without one: the issuing government
    (某某县人民政府), the plan's scope (规划范围为某某县全域)."""
    found: list[Region] = []
    for raw in lines[:150]:
        t = clean_text(raw)
        if not t or len(t) > 200:
            continue
        for m in _FRONT_REGION.finditer(t):
            r = find_region(m.group(1) or m.group(2) or "")
            if r is not None and r.level in ("县区", "市"):
                found.append(r)
    if not found:
        return None
    first = found[0]
    # the same region named again with its parent (规划范围为某某市某某县全域)
    return next((r for r in found if r.name == first.name and r.parent), first)


_BEAUTIFUL = re.compile(r"^[“\"《]?美丽([\u4e00-\u9fff]{2,4}?)(?:建设|行动|规划|[”\"])")


def region_from_body(title: str, lines: list[str]) -> Region | None:
    """The region of a title naming it without its level (美丽萍乡建设规划纲要): the body says
    萍乡市 (规划范围为萍乡市全域, the issuing 萍乡市人民政府)."""
    m = _BEAUTIFUL.match(title.strip())
    if not m:
        return None
    short = m.group(1)
    found: Counter[str] = Counter()
    for raw in lines[:300]:
        for full in re.findall(re.escape(short) + r"(?:市|县|区|自治州)", clean_text(raw)):
            found[full] += 1
    if not found:
        return None
    name = found.most_common(1)[0][0]
    return Region(name=name, level="市" if name.endswith(("市", "自治州")) else "县区")


def _kind(title: str) -> str | None:
    t = title.strip()
    for _ in range(2):
        t = re.sub(r"\s*[（(][^（）()]*[)）]\s*$", "", t).strip()
    for pat, kind in _KINDS:
        if re.search(pat, t):
            return kind
    return None


def extract_meta(lines: list[str], tables: list[IndicatorTable], fallback_title: str) -> Meta:
    title = find_title(lines, fallback_title)
    region_info = find_region(ascii_digits(title)) or region_from_body(title, lines)
    if region_info is None or region_info.level == "省":
        region_info = region_from_front(lines) or region_info
    meta = Meta(title=title, region=region_info.name if region_info else "", region_info=region_info)
    meta.kind = _kind(title)
    head = ascii_digits("\n".join(clean_text(x) for x in lines[:600]))
    title = ascii_digits(title)  # for reading years only: meta.title keeps the digits as written
    title_year = re.match(r"^\s*((?:19|20)\d{2})\s*年", title)
    if title_year is None and meta.kind and meta.kind.endswith(("方案", "计划", "要点")):
        # 新余市渝水区2025年…工作方案: the year of a yearly plan may follow the region.
        title_year = re.search(r"(?<![\d—–\-~～至])((?:19|20)\d{2})\s*年(?!\s*[—–\-~～至])", title)
    m = re.search(_YEAR_RANGE, title) or _PERIOD_PROSE.search(head)
    yearly = bool(title_year) and bool(meta.kind) and str(meta.kind).endswith(("方案", "计划", "要点"))
    if yearly and not re.search(_YEAR_RANGE, title) and title_year:
        # a yearly work plan runs over its year, whatever period the plans it quotes have
        y = int(title_year.group(1))
        meta.period = (y, y)
    elif m:
        meta.period = (int(m.group(1)), int(m.group(2)))
    elif (fy := five_year_period(title)) is not None:
        meta.period = fy
    elif title_year:
        y = int(title_year.group(1))
        meta.period = (y, y)
    b = _BASE_PROSE.search(head)
    if b:
        meta.base_year = int(b.group(1) or b.group(2))
    else:
        years: Counter[int] = Counter()
        undated = 0
        for t in tables:
            if t.kind == "system":
                for row in t.rows:
                    for ind in row.walk():
                        if ind.baseline is not None and ind.baseline.year:
                            years[ind.baseline.year] += 1
                        elif ind.baseline is not None and ind.baseline.value:
                            undated += 1
        # the year most baselines state (a few values dated apart, 93.5（2021年）, do not decide it)
        if years and years.most_common(1)[0][1] > undated:
            meta.base_year = years.most_common(1)[0][0]
        elif title_year:
            meta.base_year = int(title_year.group(1))
        elif meta.period and meta.period[0] != meta.period[1]:
            meta.base_year = meta.period[0] - 1
    stages: set[int] = {int(s.group(2)) for s in _STAGE_PROSE.finditer(head)}
    stages.update(int(s.group(1)) for s in _STAGE_YEAR_PROSE.finditer(head))
    for t in tables:
        if t.kind != "system":
            continue
        for ind in t.rows:
            stages.update(ind.targets)
    if meta.period:
        lo, hi = meta.period
        stages = {y for y in stages if lo <= y <= hi}
        stages.add(hi)
    meta.stage_years = sorted(stages)
    return meta


def infer_terrain(plan: Plan) -> Finding | None:
    """The region's terrain, where the plan states it in a terrain-dependent row's baseline.

    A row whose name lists terrains (森林覆盖率 山区 丘陵区 平原地区) and whose baseline names exactly
    one (丘陵区 80.87) tells which standard applies; the region gets that terrain unless one is set
    already or the rows disagree.
    """
    from ecociv.standards._vocab import find_terrains

    if plan.region_info is not None and plan.region_info.terrain:
        return None
    named: dict[str, int | None] = {}
    for _key, ind in plan.indicators():
        if len(set(find_terrains(ind.name))) < 2 or ind.baseline is None:
            continue
        stated = set(find_terrains(ind.baseline.value))
        if len(stated) == 1:
            named.setdefault(stated.pop(), ind.source_line)
    if len(named) != 1:
        return None
    terrain, line = next(iter(named.items()))
    if plan.region_info is None:
        plan.region_info = Region(name=plan.region)
    plan.region_info.terrain = terrain
    return Finding(
        slug="terrain-inferred",
        severity="info",
        message=f"按现状值所注地形，{plan.region}的地形类型取“{terrain}”（按地形区分的指标值据此判定；可用 ecociv region set 修改）。",
        line=line,
    )



_PERIOD_ARG = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*[-~～—–至到]+\s*((?:19|20)\d{2})\s*年?\s*$")


def parse_period(text: str) -> tuple[int, int]:
    """A period as a user types it: ``2021-2030``, ``2021—2030年``, ``2021至2030``."""
    m = _PERIOD_ARG.match(ascii_digits(text))
    if not m or int(m.group(1)) > int(m.group(2)):
        raise ValueError(f"规划期“{text}”应写作“起始年-结束年”，如 2021-2030")
    return int(m.group(1)), int(m.group(2))


def apply_meta(
    plan: Plan, *, region: str | None = None, period: tuple[int, int] | None = None, base_year: int | None = None
) -> None:
    """Set what the user states over what import read (``import --region/--period/--base-year``)."""
    if region:
        found = find_region(region)
        plan.region = region.strip()
        plan.region_info = found if found is not None and found.name == plan.region else Region(name=plan.region)
        plan.warnings = [w for w in plan.warnings if w.slug != "region-unknown"]
    if period:
        plan.period = period
        plan.stage_years = sorted({y for y in plan.stage_years if period[0] <= y <= period[1]} | {period[1]})
    if base_year:
        plan.base_year = base_year
