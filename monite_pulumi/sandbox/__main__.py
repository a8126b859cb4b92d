"""`monite-sandbox` / `python -m monite_pulumi.sandbox`: serve the local Monite on uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import errno
import os
import socket
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import uvicorn

from monite_pulumi._version import __version__
from monite_pulumi.sandbox.app import create_app
from monite_pulumi.sandbox.options import (
    CLIENT_SECRET_ENV,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_DATA_PATH,
    SandboxOptions,
)

BAD_START_EXIT_CODE = 1
"""The sandbox could not start (busy port, unusable data file); bad arguments exit 2."""


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high], its message naming the range."""
    allowed = f"a whole number >= {low}" if high is None else f"a whole number from {low} to {high}"

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {allowed}") from None
        if number < low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(f"{number} is not {allowed}")
        return number

    return parse


def _data_path(text: str) -> str:
    """``:memory:`` or a file whose directory exists: a missing one is more likely a typo than a
    wish (only the default's folder, ``.monite-sandbox``, is created when missing)."""
    if text == ":memory:":
        return text
    folder = Path(text).expanduser().resolve().parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(
            f"the directory {folder} does not exist; create it first or choose another path "
            "(or :memory: to keep nothing)"
        )
    return text


def parse_args(argv: Sequence[str] | None = None) -> SandboxOptions:
    parser = argparse.ArgumentParser(
        prog="monite-sandbox",
        description="A local Monite-compatible API for tests and demos.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=_whole_number(0, 65535),
        default=8787,
        help="0 picks a free port (default: %(default)s)",
    )
    parser.add_argument(
        "--data",
        type=_data_path,
        default=None,
        help=f"SQLite file in an existing directory, or :memory: (default: {DEFAULT_DATA_PATH})",
    )
    parser.add_argument(
        "--client-id",
        default=DEFAULT_CLIENT_ID,
        help="the partner's client id (default: %(default)s)",
    )
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument(
        "--client-secret-file",
        type=Path,
        help=f"a file holding the partner's client secret (else ${CLIENT_SECRET_ENV}, else "
        f"{DEFAULT_CLIENT_SECRET}, for the local sandbox only)",
    )
    secret.add_argument(
        "--client-secret",
        help=f"deprecated: `ps` shows it to every user; use ${CLIENT_SECRET_ENV} or "
        "--client-secret-file",
    )
    parser.add_argument(
        "--rate-limit",
        type=_whole_number(0),
        default=30,
        help="requests/s per client, 0 = off (default: %(default)s)",
    )
    parser.add_argument(
        "--token-lifetime",
        type=_whole_number(1),
        default=1800,
        help="token lifetime in seconds (default: %(default)s)",
    )
    parser.add_argument(
        "--no-control",
        dest="control",
        action="store_false",
        help="do not serve the control API under /_sandbox/ (served on loopback by default)",
    )
    args = parser.parse_args(argv)
    return SandboxOptions(
        host=args.host,
        port=args.port,
        data=DEFAULT_DATA_PATH if args.data is None else args.data,
        client_id=args.client_id,
        client_secret=_client_secret(parser, args),
        rate_limit=args.rate_limit,
        token_lifetime=args.token_lifetime,
        control=args.control,
    )


def _client_secret(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """From the file, else the environment, else the default; never argv without a warning."""
    if args.client_secret is not None:
        print(
            "monite-sandbox: warning: --client-secret puts the secret on the command line, "
            f"where `ps` shows it to every user; set ${CLIENT_SECRET_ENV} or use "
            "--client-secret-file instead",
            file=sys.stderr,
        )
        return str(args.client_secret)
    path: Path | None = args.client_secret_file
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError as error:
            parser.error(f"--client-secret-file: cannot read {path}: {error.strerror}")
        if not text:
            parser.error(f"--client-secret-file: {path} is empty")
        return text
    return os.environ.get(CLIENT_SECRET_ENV) or DEFAULT_CLIENT_SECRET


def _bind(host: str, port: int) -> socket.socket:
    """Bind first, so that `--port 0` can print the port it got before serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP, and
    # without it every keep-alive answer waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _cannot_start(reason: str) -> NoReturn:
    print(f"monite-sandbox: {reason}", file=sys.stderr)
    raise SystemExit(BAD_START_EXIT_CODE)


def _bind_or_explain(host: str, port: int) -> socket.socket:
    try:
        return _bind(host, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            _cannot_start(
                f"port {port} on {host} is already in use (another sandbox?); choose another "
                "with --port N, or --port 0 for a free one"
            )
        _cannot_start(f"cannot listen on {host}:{port}: {error.strerror or error}")


def main(argv: Sequence[str] | None = None) -> None:
    options = parse_args(argv)
    sock = _bind_or_explain(options.host, options.port)  # before any state: nothing to undo
    try:
        app = create_app(options)
    except (sqlite3.Error, OSError) as error:
        sock.close()
        _cannot_start(f"cannot use the data file {options.data}: {error}")
    port = sock.getsockname()[1]
    shown_host = f"[{options.host}]" if ":" in options.host else options.host
    print(f"monite-sandbox listening on http://{shown_host}:{port}", flush=True)
    # A local sandbox credential, printed on purpose: it is never valid against real Monite.
    print(f"partner client id:     {options.client_id}", flush=True)
    if options.client_secret == DEFAULT_CLIENT_SECRET:
        print(f"partner client secret: {options.client_secret}", flush=True)
    else:
        print("partner client secret: the one given (not printed)", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, http="h11", lifespan="off")
    server = uvicorn.Server(config)
    try:
        asyncio.run(server.serve(sockets=[sock]))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        app.runtime.webhook_deliveries.close()
        app.runtime.backend.store.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
