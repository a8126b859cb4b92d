"""What the user sees: a line per step as it finishes, then a summary of counts (as the CLI).

With ``--json`` the lines go to stderr and stdout carries one JSON document: ``steps`` (op, urn,
type per resource), ``changeSummary`` (op -> count) and ``diagnostics``, the names ``pulumi
preview --json`` uses. Like the CLI's (pkg/backend/display/json.go ``ShowPreviewDigest``: every
``DiagEvent`` and ``StdoutColorEvent``), the diagnostics hold the errors, the warnings, the
program's log messages and its own prints (the language host's stdout becomes info diagnostics,
sdk/go/common/resource/plugin/plugin.go ``runtrace``), in the order they came.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from monite_pulumi.local_engine.properties import deep_equals, displayed

__all__ = ["CHANGE_OPS", "Progress", "StepRecord"]

CHANGE_OPS = frozenset({"create", "update", "replace", "delete"})
_SYMBOLS = {
    "create": "+",
    "update": "~",
    "replace": "+-",
    "delete": "-",
    "same": " ",
    "refresh": "~",
    "read": ">",
    "import": "=",
    "remove-pending-replace": "-",
}
_DONE = {
    "create": "created",
    "update": "updated",
    "replace": "replaced",
    "delete": "deleted",
    "same": "unchanged",
    "refresh": "refreshed",
    "read": "read",
    "import": "imported",
    "remove-pending-replace": "dropped from the state (deleted before)",
}
_PLANNED = {
    "create": "to create",
    "update": "to update",
    "replace": "to replace",
    "delete": "to delete",
    "same": "unchanged",
    "refresh": "to refresh",
    "read": "to read",
    "import": "to import",
    "remove-pending-replace": "to drop from the state (deleted before)",
}


@dataclass(frozen=True)
class StepRecord:
    op: str
    urn: str
    type: str
    error: str | None = None

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]


class Progress:
    def __init__(self, *, dry_run: bool, as_json: bool, out: TextIO | None = None) -> None:
        self.dry_run = dry_run
        self.as_json = as_json
        self._out = out or sys.stdout
        self._lines = sys.stderr if as_json else self._out
        self._lock = threading.Lock()
        self.steps: list[StepRecord] = []
        self.diagnostics: list[str] = []
        """The errors (any of them fails the command)."""
        self._reported: list[tuple[str, str]] = []
        """(severity, message) of every diagnostic, for the JSON document."""

    def line(self, text: str) -> None:
        with self._lock:
            print(text, file=self._lines, flush=True)

    def info(self, text: str) -> None:
        """A log message or a line the program printed."""
        with self._lock:
            self._reported.append(("info", text))
            print(text, file=self._lines, flush=True)

    def step(self, record: StepRecord) -> None:
        with self._lock:
            self.steps.append(record)
            symbol = _SYMBOLS.get(record.op, "?")
            if record.error is not None:
                verb = f"**{record.op} failed**"
            elif self.dry_run:
                verb = f"{_PLANNED.get(record.op, record.op)}"
            else:
                verb = _DONE.get(record.op, record.op)
            print(f" {symbol:>2} {record.type} {record.name} {verb}", file=self._lines, flush=True)

    def warning(self, message: str) -> None:
        with self._lock:
            self._reported.append(("warning", message))
            print(f"warning: {message}", file=sys.stderr, flush=True)

    def error(self, message: str) -> None:
        with self._lock:
            self.diagnostics.append(message)
            self._reported.append(("error", message))
            print(f"error: {message}", file=sys.stderr, flush=True)

    def counts(self) -> Counter[str]:
        return Counter(step.op for step in self.steps if step.error is None)

    def changed(self) -> bool:
        return any(step.op in CHANGE_OPS for step in self.steps)

    def outputs(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        """The stack's Outputs section, before the summary as the CLI prints it (progress.go
        ``printOutputs``; object_diff.go ``getResourceOutputsPropertiesString``): a preview shows
        only what changes (``+`` added, ``-`` removed, ``~`` changed), an update every output.
        A tenant removed from the config shows here by name, not only as a count."""
        if self.as_json:
            return
        lines = []
        for key in sorted(set(before) | set(after)):
            if key not in after:
                lines.append(f"  - {key}: {_shown(before[key])}")
            elif key not in before:
                lines.append(f"  + {key}: {_shown(after[key])}")
            elif not deep_equals(before[key], after[key]):
                lines.append(f"  ~ {key}: {_shown(before[key])} => {_shown(after[key])}")
            elif not self.dry_run:
                lines.append(f"    {key}: {_shown(after[key])}")
        if lines:
            with self._lock:
                print("\n".join(["", "Outputs:", *lines]), file=self._out, flush=True)

    def summary(self, seconds: float) -> None:
        counts = self.counts()
        if self.as_json:
            document: dict[str, Any] = {
                "steps": [
                    {"op": s.op, "urn": s.urn, "type": s.type}
                    for s in self.steps
                    if s.error is None
                ],
                "changeSummary": dict(sorted(counts.items())),
                "diagnostics": [
                    {"severity": severity, "message": message}
                    for severity, message in self._reported
                ],
            }
            print(json.dumps(document, indent=2), file=self._out, flush=True)
            return
        words = _PLANNED if self.dry_run else _DONE
        lines = ["", "Resources:"]
        for op in ("create", "update", "replace", "delete", "import", "refresh", "read"):
            if counts.get(op):
                lines.append(f"    {_SYMBOLS[op]} {counts[op]} {words[op]}")
        if counts.get("same"):
            lines.append(f"    {counts['same']} unchanged")
        if self.diagnostics:
            lines.append(f"    {len(self.diagnostics)} errored")
        lines.append("")
        lines.append(f"Duration: {seconds:.1f}s")
        with self._lock:
            print("\n".join(lines), file=self._out, flush=True)


def _shown(value: Any) -> str:
    """One output value on one line; secrets stay ``[secret]`` (no ``--show-secrets`` here)."""
    value = displayed(value, show_secrets=False)
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)
