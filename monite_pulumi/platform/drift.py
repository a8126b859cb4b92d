"""The drift job's judge: after `pulumi refresh`, which tenants' connections need a person?

Reads `pulumi stack export` JSON and fails naming every tenant whose accounting connection was
revoked (`disconnected`, `deauthorized`), is still `pending_auth`, reports errors, or is pending
replacement (a delete-before-replace disconnected the old one and the new one's create failed,
so the tenant has no connection: the state keeps only the old entry, `pendingReplacement`,
which refresh does not read). It judges by
`status` and `errors` only: Monite's daily sync moves `last_pull` and `updated_at` on every
healthy connection. It never prints a `connection_url` (nor any URL): the output goes to CI logs.

Usage: `pulumi stack export | python -m monite_pulumi.platform.drift -`, or with the exports of
several stacks (the shards of one tenant list) at once, reported per stack:
`python -m monite_pulumi.platform.drift shard-0.json shard-1.json ...`
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from monite_pulumi._version import __version__

CONNECTION_TYPE = "pulumi-python:dynamic/monite:AccountingConnection"
PENDING = "pending_auth"
HEALTHY = "connected"
PENDING_REPLACEMENT = "pending replacement: last create failed"
_SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"  # noqa: S105 Pulumi's public secret marker
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)

_ADVICE = {
    "disconnected": "the connection was disconnected; run `pulumi up` to create a new one and "
    "send its connection_url to the tenant",
    "deauthorized": "access was revoked on the accounting platform; run `pulumi up` to create a "
    "new connection and send its connection_url to the tenant",
    PENDING: "still waiting for the tenant to authorise; send them the connection_url "
    "(`pulumi stack output --show-secrets`, outside CI)",
    PENDING_REPLACEMENT: "the old connection was disconnected and its replacement was not "
    "created; run `pulumi up` to create it and send the new connection_url to the tenant",
}


@dataclass(frozen=True)
class ConnectionState:
    """What the drift job may judge: the tenant, the status and Monite's error messages."""

    tenant: str
    status: str | None
    errors: tuple[str, ...]

    @property
    def needs_attention(self) -> bool:
        return self.status != HEALTHY or bool(self.errors)

    def describe(self) -> str:
        """One log line; error texts have any URL masked, since CI logs are widely readable."""
        status = self.status or "unknown"
        advice = _ADVICE.get(status, "")
        if status == HEALTHY:
            advice = "connected, but Monite reports errors"
        elif not advice:
            advice = "unexpected or unreadable status; check the connection"
        line = f"{self.tenant}: {status} ({advice})"
        if self.errors:
            line += "; errors: " + "; ".join(_URL.sub("<url hidden>", e) for e in self.errors)
        return line


def connection_states(export: Mapping[str, Any]) -> list[ConnectionState]:
    """Every AccountingConnection in a `pulumi stack export` document, sorted by tenant.

    Pending deletes are left out (their replacement is the live entry); an entry pending
    replacement counts, as `PENDING_REPLACEMENT`, unless a live entry of its URN exists.
    """
    deployment = export.get("deployment")
    if not isinstance(deployment, Mapping):
        raise ValueError("not a `pulumi stack export` document: no 'deployment' object")
    connections = [
        resource
        for resource in deployment.get("resources") or []
        if isinstance(resource, Mapping)
        and resource.get("type") == CONNECTION_TYPE
        and not resource.get("delete")
    ]
    live = {r.get("urn") for r in connections if not r.get("pendingReplacement")}
    states = []
    for resource in connections:
        pending = bool(resource.get("pendingReplacement"))
        if pending and resource.get("urn") in live:
            continue
        outputs = resource.get("outputs") or {}
        states.append(
            ConnectionState(
                tenant=str(resource.get("urn", "")).rsplit("::", 1)[-1],
                status=PENDING_REPLACEMENT if pending else _text(outputs.get("status")),
                errors=_error_messages(outputs.get("errors")),
            )
        )
    return sorted(states, key=lambda state: state.tenant)


def stack_name(export: Mapping[str, Any]) -> str | None:
    """The stack an export belongs to, read from its resources' URNs (`urn:pulumi:<stack>::`)."""
    deployment = export.get("deployment")
    resources = deployment.get("resources") if isinstance(deployment, Mapping) else None
    for resource in resources or []:
        urn = resource.get("urn") if isinstance(resource, Mapping) else None
        if isinstance(urn, str) and urn.startswith("urn:pulumi:") and "::" in urn:
            return urn[len("urn:pulumi:") :].split("::", 1)[0]
    return None


def _unwrap(value: Any) -> Any:
    """A secret as exported with --show-secrets carries `plaintext` (JSON); without, no value."""
    if isinstance(value, Mapping) and _SECRET_SIG_KEY in value:
        plaintext = value.get("plaintext")
        return json.loads(plaintext) if isinstance(plaintext, str) else None
    return value


def _text(value: Any) -> str | None:
    value = _unwrap(value)
    return value if isinstance(value, str) and value else None


def _error_messages(value: Any) -> tuple[str, ...]:
    value = _unwrap(value)
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        return ()
    messages = []
    for item in value:
        item = _unwrap(item)
        message = item.get("message") if isinstance(item, Mapping) else item
        messages.append(str(_unwrap(message)))
    return tuple(messages)


def report(states: Sequence[ConnectionState], out: TextIO, *, label: str = "drift check") -> int:
    """Print the verdict, its first line led by `label`; 0 when every connection is connected
    without errors, else 1."""
    failing = [state for state in states if state.needs_attention]
    if not failing:
        print(f"{label}: all {len(states)} accounting connections are connected", file=out)
        return 0
    names = ", ".join(state.tenant for state in failing)
    print(
        f"{label}: {len(failing)} of {len(states)} accounting connections need attention: {names}",
        file=out,
    )
    for state in failing:
        print(f"  {state.describe()}", file=out)
    return 1


def report_stacks(stacks: Sequence[tuple[str, Sequence[ConnectionState]]], out: TextIO) -> int:
    """The verdict per stack, then overall; 0 when every stack's connections are healthy."""
    failing = [name for name, states in stacks if report(states, out, label=f"stack {name}")]
    if failing:
        print(
            f"drift check: {len(failing)} of {len(stacks)} stacks need attention: "
            f"{', '.join(failing)}",
            file=out,
        )
        return 1
    print(f"drift check: all {len(stacks)} stacks are healthy", file=out)
    return 0


def _read(source: str) -> tuple[str, list[ConnectionState]]:
    text = sys.stdin.read() if source == "-" else Path(source).read_text()
    export = json.loads(text)
    states = connection_states(export)
    return stack_name(export) or ("stdin" if source == "-" else Path(source).stem), states


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monite_pulumi.platform.drift",
        description="Fail naming tenants whose accounting connection is revoked or pending.",
    )
    parser.add_argument(
        "exports",
        nargs="+",
        metavar="export",
        help="`pulumi stack export` JSON files (one per stack), or - to read standard input",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    stacks = []
    unreadable = False
    for source in args.exports:
        try:
            stacks.append(_read(source))
        except (OSError, ValueError) as error:
            print(f"drift check: cannot read the stack export {source}: {error}", file=sys.stderr)
            unreadable = True
    if len(args.exports) == 1:
        verdict = report(stacks[0][1], sys.stdout) if stacks else 0
    else:
        verdict = report_stacks(stacks, sys.stdout)
    return 2 if unreadable else verdict


if __name__ == "__main__":
    raise SystemExit(main())
