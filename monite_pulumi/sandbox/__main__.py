"""`monite-sandbox` / `python -m monite_pulumi.sandbox`: serve the local Monite on uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from collections.abc import Sequence

import uvicorn

from monite_pulumi.sandbox.app import create_app
from monite_pulumi.sandbox.options import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_DATA_PATH,
    SandboxOptions,
)


def parse_args(argv: Sequence[str] | None = None) -> SandboxOptions:
    parser = argparse.ArgumentParser(
        prog="monite-sandbox",
        description="A local Monite-compatible API for tests and demos.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8787, help="0 picks a free port (default: %(default)s)"
    )
    parser.add_argument(
        "--data", default=DEFAULT_DATA_PATH, help="SQLite file or :memory: (default: %(default)s)"
    )
    parser.add_argument(
        "--client-id",
        default=DEFAULT_CLIENT_ID,
        help="the partner's client id (default: %(default)s)",
    )
    parser.add_argument(
        "--client-secret",
        default=DEFAULT_CLIENT_SECRET,
        help="the partner's client secret (default: %(default)s, for the local sandbox only)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=30,
        help="requests/s per client, 0 = off (default: %(default)s)",
    )
    parser.add_argument(
        "--token-lifetime",
        type=int,
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
        data=args.data,
        client_id=args.client_id,
        client_secret=args.client_secret,
        rate_limit=args.rate_limit,
        token_lifetime=args.token_lifetime,
        control=args.control,
    )


def _bind(host: str, port: int) -> socket.socket:
    """Bind first, so that `--port 0` can print the port it got before serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP, and
    # without it every keep-alive answer waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def main(argv: Sequence[str] | None = None) -> None:
    options = parse_args(argv)
    app = create_app(options)
    sock = _bind(options.host, options.port)
    port = sock.getsockname()[1]
    shown_host = f"[{options.host}]" if ":" in options.host else options.host
    print(f"monite-sandbox listening on http://{shown_host}:{port}", flush=True)
    # A local sandbox credential, printed on purpose: it is never valid against real Monite.
    print(f"partner client id:     {options.client_id}", flush=True)
    print(f"partner client secret: {options.client_secret}", flush=True)
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
