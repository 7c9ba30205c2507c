"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

from ecociv.cli._i18n import ChineseGroup, install

install()

app = typer.Typer(
    cls=ChineseGroup,
    name="ecociv",
    help="ecociv：生态文明建设规划数字化管理工具（导入规划、录入数据、评估达标、跟踪任务、生成报告）。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
