"""Commands of the dispatch-and-review cycle: ``round``, ``review``, ``score``, ``report`` and
``user unit``.  The command line acts as the office (the local operator) unless ``--unit`` says a
unit reports; every action is audited under the account name ``cli``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ecociv.cli._app import app
from ecociv.cli._web import user_app
from ecociv.errors import InputError

if TYPE_CHECKING:
    from ecociv.store import Store
    from ecociv.workflow import Actor

round_app = typer.Typer(help="调度：发起、查看、导出调度（月度/季度/年度/专项）。", no_args_is_help=True)
review_app = typer.Typer(help="审核：通过或退回报送，销号与恢复。", no_args_is_help=True)
score_app = typer.Typer(help="考评：设置考评规则，计算各单位与下辖地区得分。", no_args_is_help=True)
app.add_typer(round_app, name="round")
app.add_typer(review_app, name="review")
app.add_typer(score_app, name="score")

CLI_USER = "cli"


def _store() -> Store:
    from ecociv.store import open_store

    return open_store()


def _office() -> Actor:
    from ecociv.workflow import Actor

    return Actor(CLI_USER, "admin")


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _date(text: str, what: str) -> dt.date:
    from ecociv.tracking import parse_date

    day = parse_date(text, what)
    if day is None:
        raise InputError(f"{what}为空，应为日期（如 2025-03-31）")
    return day


@round_app.command("open")
def round_open(
    plan: Annotated[str, typer.Argument(help="已保存的规划：编号、标题或地区", show_default=False)],
    due: Annotated[str, typer.Option("--due", help="报送截止日期（如 2025-03-31）", show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help="monthly（月度）、quarterly（季度）、yearly（年度）、adhoc（专项）")] = "monthly",
    title: Annotated[str | None, typer.Option("--title", help="调度名称（默认按年月与类型生成）")] = None,
    items: Annotated[list[str] | None, typer.Option("--items", help="事项类型 task/quantity/project/indicator（可重复；默认全部）")] = None,
    refs: Annotated[list[str] | None, typer.Option("--ref", help="只调度这些事项（T3、T3.1、P2 …，可重复）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """发起一轮调度。"""
    from ecociv.workflow import open_round, round_to_dict

    store = _store()
    rnd = open_round(store, _office(), store.resolve_plan(plan), kind=kind, due=_date(due, "--due 截止日期"),
                     title=title, kinds=items, refs=refs)
    if as_json:
        _print_json(round_to_dict(rnd))
        return
    typer.echo(f"已发起调度 {rnd.id}：{rnd.title}（{rnd.kind_name}，截止 {rnd.due.isoformat()}，{rnd.scope_text()}）")


@round_app.command("list")
def round_list(
    plan: Annotated[str | None, typer.Argument(help="只列该规划的调度", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """列出调度。"""
    from ecociv.workflow import list_rounds, round_to_dict

    store = _store()
    rounds = list_rounds(store, store.resolve_plan(plan) if plan else None)
    if as_json:
        _print_json([round_to_dict(r) for r in rounds])
        return
    if not rounds:
        typer.echo("尚无调度。用 ecociv round open 规划 --due 日期 发起。")
    for r in rounds:
        state = "进行中" if r.is_open else "已结束"
        typer.echo(f"{r.id}\t{r.title}\t{r.kind_name}\t截止 {r.due.isoformat()}\t{state}\t{r.scope_text()}")


@round_app.command("status")
def round_status_cmd(
    round_id: Annotated[int, typer.Argument(help="调度编号", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """各单位报送情况（逾期在前）。"""
    from ecociv.workflow import SHOWN, round_status, status_to_dict

    st = round_status(_store(), _office(), round_id)
    if as_json:
        _print_json(status_to_dict(st))
        return
    console = Console(highlight=False)
    console.print(f"[bold]{st.round.title}[/bold]（{st.plan_title}，截止 {st.round.due.isoformat()}）")
    table = Table()
    for col in ("责任单位", *SHOWN.values(), "逾期", "迟报"):
        table.add_column(col)
    for u in st.units:
        table.add_row(u.unit, *(str(u.counts[k]) for k in SHOWN), str(u.overdue), str(u.late_submitted))
    console.print(table)


@round_app.command("close")
def round_close(round_id: Annotated[int, typer.Argument(help="调度编号", show_default=False)]) -> None:
    """结束一轮调度（之后不能再报送）。"""
    from ecociv.workflow import close_round

    rnd = close_round(_store(), _office(), round_id)
    typer.echo(f"已结束调度 {rnd.id}：{rnd.title}")


@round_app.command("export")
def round_export(
    round_id: Annotated[int, typer.Argument(help="调度编号", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件：.docx、.xlsx（调度通报）或 .csv（未报送单位）",
                                         show_default=False)],
) -> None:
    """导出调度通报（DOCX/XLSX）或未报送单位名单（CSV）。"""
    from ecociv.errors import NotFoundError
    from ecociv.workflow import missing_csv, round_docx, round_status, round_xlsx, score_plan, score_regions

    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx", ".csv"):
        raise InputError(f"输出文件“{output}”的扩展名应为 .docx、.xlsx 或 .csv")
    if output.is_dir() or not output.parent.exists():
        raise InputError(f"输出文件位置无效：{output}（文件夹须已存在）")
    store = _store()
    st = round_status(store, _office(), round_id)
    if suffix == ".csv":
        output.write_text(missing_csv(st), encoding="utf-8")
        typer.echo(f"已导出未报送单位名单：{output}（{len(st.missing_units())} 个单位）")
        return
    try:
        scores, regions = score_plan(store, st.round.plan_id), score_regions(store, st.round.plan_id)
    except NotFoundError:
        scores, regions = None, None
    (round_docx if suffix == ".docx" else round_xlsx)(st, output, scores, regions)
    note = "" if scores is not None else "（该规划尚未设置考评规则，通报不含考评得分）"
    typer.echo(f"已导出调度通报：{output}{note}")


def _review(report_id: int, approve: bool, comment: str | None) -> None:
    from ecociv.workflow import review_report

    rep = review_report(_store(), _office(), report_id, approve=approve, comment=comment)
    typer.echo(f"报送 {rep.id}（{rep.item_ref} · {rep.unit}）：{rep.state_name}")


@review_app.command("approve")
def review_approve(
    report_id: Annotated[int, typer.Argument(help="报送编号", show_default=False)],
    comment: Annotated[str | None, typer.Option("--comment", help="审核意见")] = None,
) -> None:
    """审核通过一份报送。"""
    _review(report_id, True, comment)


@review_app.command("return")
def review_return(
    report_id: Annotated[int, typer.Argument(help="报送编号", show_default=False)],
    comment: Annotated[str, typer.Option("--comment", help="退回意见（必填）", show_default=False)],
) -> None:
    """退回一份报送，由单位修改后重新报送。"""
    _review(report_id, False, comment)


@review_app.command("close")
def review_close(
    plan: Annotated[str, typer.Argument(help="规划：编号、标题或地区", show_default=False)],
    ref: Annotated[str, typer.Argument(help="事项编号（T3、P2 …）", show_default=False)],
) -> None:
    """销号：事项须有附佐证材料且审核通过的报送。"""
    from ecociv.workflow import close_item

    store = _store()
    c = close_item(store, _office(), store.resolve_plan(plan), ref)
    typer.echo(f"事项 {c.item_ref} 已销号（依据报送 {c.report_id}）")


@review_app.command("reopen")
def review_reopen(
    plan: Annotated[str, typer.Argument(help="规划：编号、标题或地区", show_default=False)],
    ref: Annotated[str, typer.Argument(help="事项编号（T3、P2 …）", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="恢复原因（必填）", show_default=False)],
) -> None:
    """恢复已销号的事项。"""
    from ecociv.workflow import reopen_item

    store = _store()
    reopen_item(store, _office(), store.resolve_plan(plan), ref, reason)
    typer.echo(f"事项 {ref} 已恢复（原因：{reason}）")


@review_app.command("history")
def review_history(
    report_id: Annotated[int, typer.Argument(help="报送编号", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """一份报送的全部历史（保存、报送、退回、通过）。"""
    from ecociv.workflow import STATES, event_to_dict, report_history

    events = report_history(_store(), _office(), report_id)
    if as_json:
        _print_json([event_to_dict(e) for e in events])
        return
    names = {"save": "保存", "submit": "报送", "return": "退回", "approve": "通过"}
    for e in events:
        extra = f"：{e.comment}" if e.comment else ""
        typer.echo(f"{e.at:%Y-%m-%d %H:%M}\t{e.username or ''}\t{names.get(e.action, e.action)}\t"
                   f"{STATES.get(e.state, e.state)}{extra}")


@score_app.command("rule")
def score_rule(
    plan: Annotated[str, typer.Argument(help="规划：编号、标题或地区", show_default=False)],
    weights: Annotated[list[str], typer.Argument(help="权重，如 on_schedule=40 on_time=30 closed=20 indicators=10",
                                                 show_default=False)],
) -> None:
    """设置规划的考评规则（各项权重）。"""
    from ecociv.workflow import PARTS, set_rule

    parsed: dict[str, float] = {}
    names = {v: k for k, v in PARTS.items()}
    for w in weights:
        key, sep, value = w.partition("=")
        try:
            parsed[names.get(key.strip(), key.strip())] = float(value)
        except ValueError:
            raise InputError(f"权重“{w}”格式应为 项=数字，如 on_time=30") from None
        if not sep:
            raise InputError(f"权重“{w}”格式应为 项=数字，如 on_time=30")
    store = _store()
    rule = set_rule(store, _office(), store.resolve_plan(plan), parsed)
    typer.echo("已设置考评规则：" + "，".join(f"{PARTS[k]} {v:g}" for k, v in rule.items()))


@score_app.command("show")
def score_show(
    plan: Annotated[str, typer.Argument(help="规划：编号、标题或地区", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """各单位（及下辖地区）的考评得分与构成。"""
    from ecociv.workflow import score_plan, score_regions, score_to_dict

    store = _store()
    pid = store.resolve_plan(plan)
    units, regions = score_plan(store, pid), score_regions(store, pid)
    if as_json:
        _print_json({"units": [score_to_dict(s) for s in units], "regions": [score_to_dict(s) for s in regions]})
        return
    for title, scores in (("单位", units), ("下辖地区", regions)):
        if not scores:
            continue
        table = Table(title=f"{title}考评", show_lines=True)
        for col in ("排名", "名称", "得分", "构成"):
            table.add_column(col, overflow="fold")
        for s in scores:
            table.add_row(str(s.rank or "—"), s.name, "—" if s.score is None else f"{s.score:g}", s.explain())
        Console(highlight=False).print(table)


@user_app.command("unit")
def user_unit(
    username: Annotated[str, typer.Argument(help="用户名", show_default=False)],
    units: Annotated[list[str], typer.Argument(help="责任单位（可写简称，按别名表归一）", show_default=False)],
    remove: Annotated[bool, typer.Option("--remove", help="取消所属单位")] = False,
) -> None:
    """设置账户所属的责任单位（单位账户只能看到并报送本单位的事项）。"""
    from ecociv.workflow import add_user_unit, remove_user_unit

    store = _store()
    for u in units:
        if remove:
            remove_user_unit(store, username, u, user=CLI_USER)
            typer.echo(f"用户 {username} 不再属于 {u}")
        else:
            typer.echo(f"用户 {username} 属于责任单位：{add_user_unit(store, username, u, user=CLI_USER)}")
