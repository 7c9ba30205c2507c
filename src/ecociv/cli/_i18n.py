"""Chinese for what Typer itself writes: the help panels and the usage errors.

Typer (with its bundled Click) writes its help chrome and its usage errors in English.  This
module gives the root command a :class:`ChineseGroup` that turns every usage error (missing
argument, unknown option, a value of the wrong type, an unknown command …) into one line
``错误：…`` on stderr with exit code 2 and sets the help panels' titles in Chinese when help is
shown; :func:`install` gives the ``--help`` option its Chinese text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import decorators as _click_decorators
from typer._click import exceptions as click_exc
from typer.core import TyperGroup

HELP_OPTION_TEXT = "显示本说明并退出。"

# Messages of the values Typer checks (through pydantic) before a command runs.
_VALUE_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"valid integer"), "应为整数"),
    (re.compile(r"valid number|valid float"), "应为数字"),
    (re.compile(r"valid boolean"), "应为 true 或 false"),
    (re.compile(r"greater than or equal to (\S+)"), "应不小于 {0}"),
    (re.compile(r"greater than (\S+)"), "应大于 {0}"),
    (re.compile(r"less than or equal to (\S+)"), "应不大于 {0}"),
    (re.compile(r"less than (\S+)"), "应小于 {0}"),
]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHOICE = re.compile(r"'(?P<value>[^']*)' is not one of (?P<choices>.+?)\.?$")


def _first_clause(help_text: str | None) -> str:
    """``规划文件（.txt / .md …）`` → ``规划文件``: the parameter's name as its help says it."""
    if not help_text:
        return ""
    text = re.sub(r"（[^）]*）|\([^)]*\)", "", help_text)
    return re.split(r"[，。；：,;:]", text, maxsplit=1)[0].strip()


def _param_label(param: Any) -> str:
    if param is None:
        return "参数"
    if getattr(param, "param_type_name", "") == "option":
        opts = list(getattr(param, "opts", []) or [])
        long = [o for o in opts if o.startswith("--")]
        name = (long or opts or [str(param.name)])[0]
        return f"选项 {name}"
    name = str(getattr(param, "human_readable_name", None) or param.name).strip("{}").upper()
    what = _first_clause(getattr(param, "help", None))
    return f"参数 {name}" + (f"（{what}）" if what else "")


def _received(exc: BaseException) -> str:
    """The value the user gave, when the validation error that rejected it says so."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            details = errors()
        except Exception:  # a description only; never hide the real error
            return ""
        if details and "input" in details[0]:
            return f"，收到“{details[0]['input']}”"
    return ""


def _bad_value(exc: click_exc.BadParameter) -> str:
    label = _param_label(exc.param)
    message = exc.message
    if _CJK.search(message):  # raised by our own code, already in Chinese
        return f"{label}：{message}" if exc.param is not None else message
    choice = _CHOICE.search(message)
    if choice:
        options = "、".join(c.strip().strip("'") for c in choice.group("choices").split(","))
        return f"{label} 的值“{choice.group('value')}”无效，可选：{options}"
    for pattern, text in _VALUE_MESSAGES:
        found = pattern.search(message)
        if found:
            return f"{label} {text.format(*found.groups())}{_received(exc)}"
    return f"{label} 的值无效（{message}）"


def _join(names: Sequence[str]) -> str:
    return "、".join(sorted(names))


def usage_error_text(exc: click_exc.ClickException) -> str:
    """One Chinese sentence for a usage error raised while Typer reads the command line."""
    if isinstance(exc, click_exc.MissingParameter):
        return f"缺少{_param_label(exc.param)}"
    if isinstance(exc, click_exc.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click_exc.NoSuchOption):
        text = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            text += f"（是否想用 {_join(exc.possibilities)}？）"
        return text
    if isinstance(exc, click_exc.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"选项 {exc.option_name} 后面需要一个值"
        return f"选项 {exc.option_name} 用法有误（{exc.message}）"
    message = exc.message
    found = re.match(r"No such command '(?P<name>[^']*)'\.(?: Did you mean (?P<hint>.+)\?)?", message)
    if found:
        text = f"没有命令“{found.group('name')}”"
        if found.group("hint"):
            hint = found.group("hint").replace("'", "")
            text += f"（是否想用 {hint}？）"
        return text
    found = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)", message)
    if found:
        return f"多余的参数：{found.group('args')}"
    if message.startswith("Missing command"):
        return "缺少子命令"
    return message


def _hint(exc: click_exc.ClickException) -> str:
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "ecociv"
    return f"（用法见“{path} --help”）"


class ChineseGroup(TyperGroup):
    """The root command: usage errors become one line ``错误：…`` and exit code 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        words = sys.argv[1:] if args is None else list(args)
        if len(words) <= 1 or "--help" in words:  # help may be shown (a bare group shows its help)
            _help_titles()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_exc.NoArgsIsHelpError as exc:  # the help has been shown (Rich prints it)
            if exc.format_message().strip():
                typer.echo(exc.format_message())
            sys.exit(exc.exit_code)
        except click_exc.ClickException as exc:
            typer.echo(f"错误：{usage_error_text(exc)}{_hint(exc)}", err=True)
            sys.exit(2)
        except typer.Abort:
            typer.echo("已取消。", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


def _chinese_help_option(param_decls: list[str]) -> Any:
    """Click's ``--help`` option, with its text in Chinese."""
    make = _original_help_option(param_decls)

    def apply(command: Any) -> Any:
        command = make(command)
        command.params[-1].help = HELP_OPTION_TEXT
        return command

    return apply


_original_help_option = _click_decorators.help_option


def install() -> None:
    """The ``--help`` option's own text in Chinese, for every command."""
    _click_decorators.help_option = _chinese_help_option


def _help_titles() -> None:
    """Chinese titles of the help panels (Typer reads these names when it renders help).

    Called only when help is about to be shown: ``typer.rich_utils`` loads Markdown support,
    which the other commands do not need at start-up.
    """
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.ABORTED_TEXT = "已取消。"
