"""Commands of the web area: ``serve``, ``user add|list|passwd``, ``backup``, ``restore``."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ecociv.cli._app import app
from ecociv.cli._plans import DEMO_STEPS
from ecociv.errors import InputError

user_app = typer.Typer(help="管理网页登录账户（管理员 admin / 编辑 editor / 只读 viewer）。", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _accounts() -> Any:
    from ecociv.store import open_store
    from ecociv.web import Accounts

    return Accounts(open_store().engine)


def _password(given: str | None, env: str = "ECOCIV_PASSWORD") -> str:
    if given:
        return given
    if os.environ.get(env):
        return os.environ[env]
    try:
        first = getpass.getpass("密码：")
        second = getpass.getpass("再次输入密码：")
    except (EOFError, OSError):
        raise InputError("未提供密码：请用 --password 或环境变量 ECOCIV_PASSWORD 指定") from None
    if first != second:
        raise InputError("两次输入的密码不一致")
    return first


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="用户名"),
    role: str = typer.Option("viewer", "--role", "-r", help="角色：admin（管理员）、editor（编辑）、viewer（只读）"),
    region: str | None = typer.Option(None, "--region", help="编辑所负责的地区（须为已导入规划的地区）"),
    password: str | None = typer.Option(None, "--password", help="密码（不给则从 ECOCIV_PASSWORD 或终端读取）"),
    unit: Annotated[list[str] | None, typer.Option("--unit", help="所属责任单位（单位账户，可重复；见 ecociv user unit）")] = None,
) -> None:
    """新建账户；第一个管理员也用它创建。"""
    user = _accounts().add(username, _password(password), role, region, actor="cli")
    extra = f"，地区：{user.region}" if user.region else ""
    if unit:
        from ecociv.store import open_store
        from ecociv.workflow import add_user_unit

        store = open_store()
        extra += "，单位：" + "、".join(add_user_unit(store, username, u, user="cli") for u in unit)
    typer.echo(f"已创建用户 {user.username}（{user.role_name}{extra}）")


@user_app.command("list")
def user_list() -> None:
    """列出全部账户。"""
    users = _accounts().list()
    if not users:
        typer.echo("尚无账户。用 ecociv user add 用户名 --role admin 创建第一个管理员。")
        return
    for u in users:
        state = "已停用" if u.disabled else "正常"
        typer.echo(f"{u.username}\t{u.role_name}\t{u.region or ''}\t{state}")


@user_app.command("passwd")
def user_passwd(
    username: str = typer.Argument(..., help="用户名"),
    password: str | None = typer.Option(None, "--password", help="新密码（不给则从 ECOCIV_PASSWORD 或终端读取）"),
) -> None:
    """修改账户密码（同时解除登录锁定，旧的登录会话失效）。"""
    _accounts().set_password(username, _password(password), actor="cli")
    typer.echo(f"已修改用户 {username} 的密码")


@user_app.command("disable")
def user_disable(username: str = typer.Argument(..., help="用户名")) -> None:
    """停用账户：立即结束其全部登录，撤销其接口令牌，之后不能登录。"""
    _accounts().set_disabled(username, True, actor="cli")
    typer.echo(f"已停用用户 {username}")


@user_app.command("enable")
def user_enable(username: str = typer.Argument(..., help="用户名")) -> None:
    """重新启用已停用的账户。"""
    _accounts().set_disabled(username, False, actor="cli")
    typer.echo(f"已启用用户 {username}")


@user_app.command("delete")
def user_delete(username: str = typer.Argument(..., help="用户名")) -> None:
    """删除账户（审计日志中的记录保留）。"""
    _accounts().delete(username, actor="cli")
    typer.echo(f"已删除用户 {username}")


@user_app.command("logout")
def user_logout(username: str = typer.Argument(..., help="用户名")) -> None:
    """让账户在所有设备下线，并撤销其全部接口令牌。"""
    _accounts().sign_out_everywhere(username, actor="cli")
    typer.echo(f"用户 {username} 已在所有设备下线")


tokens_app = typer.Typer(help="管理账户的接口令牌（有名称、会过期、可单独撤销）。", no_args_is_help=True)
user_app.add_typer(tokens_app, name="tokens")


def _tokens() -> Any:
    from ecociv.web._auth import Tokens

    return Tokens(_accounts())


@tokens_app.command("list")
def tokens_list(username: str = typer.Argument(..., help="用户名")) -> None:
    """列出账户的令牌：编号、名称、创建、到期、最近使用、状态（不显示令牌本身）。"""
    found = _tokens().list(username)
    if not found:
        typer.echo(f"用户 {username} 尚无接口令牌")
    for t in found:
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "未使用"
        typer.echo(f"{t.id}\t{t.name}\t创建 {t.created_at:%Y-%m-%d %H:%M}\t到期 {t.expires_at:%Y-%m-%d %H:%M}"
                   f"\t{used}\t{t.state()}（UTC）")


@tokens_app.command("add")
def tokens_add(
    username: str = typer.Argument(..., help="用户名"),
    name: str = typer.Option(..., "--name", help="令牌名称，如“数据上报脚本”"),
    days: float = typer.Option(30, "--days", help="有效天数（1–366）"),
) -> None:
    """新建令牌并显示一次（请立即保存）。"""
    token, record = _tokens().create(username, name, days, actor="cli")
    typer.echo(f"已创建令牌 {record.id}“{record.name}”，到期 {record.expires_at:%Y-%m-%d %H:%M}（UTC）。"
               "令牌只显示这一次：")
    typer.echo(token)


@tokens_app.command("revoke")
def tokens_revoke(
    username: str = typer.Argument(..., help="用户名"),
    token_id: int = typer.Argument(..., help="令牌编号（见 tokens list）"),
) -> None:
    """撤销一个令牌，立即生效。"""
    t = _tokens().revoke(username, token_id, actor="cli")
    typer.echo(f"已撤销令牌 {t.id}“{t.name}”")


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（内网访问可用 0.0.0.0）"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="端口"),
    workers: int = typer.Option(1, "--workers", min=1, max=32, help="工作进程数（多核服务器可设为 CPU 核数）"),
    trusted_proxy: Annotated[list[str] | None, typer.Option(
        "--trusted-proxy", help="可信反向代理的地址或网段（可多次给出）；只有来自它们的 X-Forwarded-For/-Proto 才被采信")] = None,
) -> None:
    """启动网页仪表板。"""
    if trusted_proxy:
        from ecociv.web._security import parse_proxies

        parse_proxies(trusted_proxy)  # a wrong address is refused before anything starts
        os.environ["ECOCIV_TRUSTED_PROXIES"] = ",".join(trusted_proxy)
    run_server(host, port, workers=workers)


def _port_free(host: str, port: int) -> None:
    """Refuse (in Chinese, exit 2) a port another program already listens on."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise InputError(f"监听地址“{host}”无效或无法解析") from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(addr)
        except PermissionError:
            raise InputError(f"没有权限监听端口 {port}（1024 以下的端口需要管理员权限），请换一个端口（--port）") from None
        except OSError:
            raise InputError(f"端口 {port} 已被占用（{host}），请先停止占用它的程序，或用 --port 换一个端口") from None


def run_server(host: str, port: int, banner: str | None = None, workers: int = 1) -> None:
    import uvicorn

    from ecociv.store import open_store
    from ecociv.web import create_app
    from ecociv.web._auth import load_secret

    _port_free(host, port)
    store = open_store()  # migrates once, before any worker starts
    banner = banner or f"仪表板已启动：http://{host}:{port}/ （按 Ctrl+C 停止）"
    if workers == 1:
        web = create_app(store)
        web.state.views.warm_in_background()
        typer.echo(banner)
        uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False)
        return
    store.engine.dispose()
    os.environ["ECOCIV_SECRET_KEY"] = load_secret()  # one signing key for every worker
    os.environ.setdefault("ECOCIV_DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    typer.echo(banner)
    uvicorn.run("ecociv.web._serve:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", proxy_headers=False)


DEMO_USER = "demo"
DEMO_PASSWORD = "ecociv-shifan"


def _demo_web(store: Any, console: Any) -> None:
    """Step of ``ecociv demo`` (``make run``): the demo account, then the dashboard on port 8000.

    The server starts when the command runs in a terminal, or when ``ECOCIV_DEMO_SERVE=1``;
    ``ECOCIV_DEMO_SERVE=0`` (or no terminal, e.g. a test) only creates the account and says how
    to start it.  ``ECOCIV_PORT`` changes the port.
    """
    from ecociv.web import Accounts

    created = Accounts(store.engine).ensure(DEMO_USER, DEMO_PASSWORD, "admin")
    host, port = "127.0.0.1", int(os.environ.get("ECOCIV_PORT") or 8000)
    account = f"演示账户（{'已创建' if created else '已存在'}，管理员）：用户名 {DEMO_USER}，密码 {DEMO_PASSWORD}"
    flag = os.environ.get("ECOCIV_DEMO_SERVE")
    serve_now = flag == "1" or (flag != "0" and sys.stdin is not None and sys.stdin.isatty())
    if not serve_now:
        console.print(f"{account}\n运行 ecociv serve 启动仪表板：http://{host}:{port}/", markup=False)
        return
    run_server(host, port, banner=f"仪表板已启动：http://{host}:{port}/\n{account}\n按 Ctrl+C 停止。")


DEMO_STEPS.append(_demo_web)


@app.command("backup")
def backup_cmd(output: Annotated[Path, typer.Option("-o", "--output", help="备份文件", show_default=False)]) -> None:
    """备份整个数据库（SQLite：在线备份；PostgreSQL：pg_dump 自定义格式）。"""
    from ecociv.backup import backup

    if output.is_dir():
        raise InputError(f"{output} 是文件夹，应为备份文件的路径")
    path = backup(output)  # creates a missing folder; InputError when the file cannot be written
    typer.echo(f"已备份到 {path}（{path.stat().st_size:,} 字节）")


@app.command("restore")
def restore_cmd(source: Annotated[Path, typer.Argument(help="由 ecociv backup 生成的备份文件")]) -> None:
    """用备份替换当前数据库，并升级到最新的数据库结构。"""
    from ecociv.backup import restore

    if source.is_dir():
        raise InputError(f"{source} 是文件夹，应为由 ecociv backup 生成的备份文件")
    restore(source)
    typer.echo(f"已从 {source} 恢复数据库，并升级到最新结构")
