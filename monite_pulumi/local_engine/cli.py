"""``monite-local-engine``: the Pulumi CLI's verbs for one project directory.

argparse (the standard library) rather than Typer: the verbs and flags copy the Pulumi CLI's
(``stack output NAME``, ``--show-secrets``, ``--expect-no-changes``), no rich output is needed, and
the engine's extra then needs only ``cryptography``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

from monite_pulumi.local_engine import ENGINE_VERSION, PULUMI_SOURCE_VERSION
from monite_pulumi.local_engine.crypter import CrypterError
from monite_pulumi.local_engine.import_file import ImportFileError, import_from_file
from monite_pulumi.local_engine.interrupts import interrupts
from monite_pulumi.local_engine.lock import StackLockedError
from monite_pulumi.local_engine.operations import (
    COMMAND,
    Outcome,
    Session,
    destroy,
    refresh,
    update,
)
from monite_pulumi.local_engine.progress import Progress
from monite_pulumi.local_engine.project import Project, ProjectError, load_project
from monite_pulumi.local_engine.properties import displayed
from monite_pulumi.local_engine.stack_name import StackNameError, parse_stack_name
from monite_pulumi.local_engine.state import StateError
from monite_pulumi.local_engine.state_delete import StateDeleteError, delete_from_state

__all__ = ["main"]

_STACK_TYPE = "pulumi:pulumi:Stack"
STATE_DIR_ENV = "MONITE_LOCAL_ENGINE_STATE_DIR"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--cwd",
        type=Path,
        default=Path.cwd(),
        help="the project directory (with Pulumi.yaml); default: here",
    )
    common.add_argument("--stack", "-s", default="dev", help="the stack name (default: dev)")
    state_dir = os.environ.get(STATE_DIR_ENV)
    common.add_argument(
        "--state-dir",
        type=Path,
        default=Path(state_dir) if state_dir else None,
        help=f"where state files live (default: ${STATE_DIR_ENV}, else <cwd>/.monite-local-engine)",
    )

    changes = argparse.ArgumentParser(add_help=False)
    changes.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help="apply without asking (required when not interactive)",
    )
    changes.add_argument(
        "--expect-no-changes",
        action="store_true",
        help="fail (exit 1) if anything would change or changed",
    )
    changes.add_argument(
        "--skip-preview",
        action="store_true",
        help="accepted as the CLI's flag; with --yes no preview runs first",
    )
    changes.add_argument(
        "--json",
        action="store_true",
        help="print one JSON document on stdout (each resource's URN and step); everything "
        "else, the program's own prints included, goes to stderr",
    )
    changes.add_argument(
        "--create-stack",
        action="store_true",
        help="create the stack (an empty Pulumi.<stack>.yaml) if it does not exist yet",
    )

    parser = argparse.ArgumentParser(
        prog="monite-local-engine",
        description="A local stand-in for the Pulumi engine for tests and offline use (Python "
        "programs with dynamic providers or provider plugins found on $PATH). The Pulumi CLI "
        "remains the way to deploy. Secrets in its state are encrypted with "
        "PULUMI_CONFIG_PASSPHRASE.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"monite-local-engine {ENGINE_VERSION} (rules of pulumi {PULUMI_SOURCE_VERSION})",
    )
    verbs = parser.add_subparsers(dest="verb", required=True)
    verbs.add_parser("preview", parents=[common, changes], help="show what up would do")
    verbs.add_parser("up", parents=[common, changes], help="create or update the resources")
    refresh_verb = verbs.add_parser(
        "refresh", parents=[common, changes], help="read the resources back"
    )
    refresh_verb.add_argument(
        "--clear-pending-creates",
        action="store_true",
        help="drop the pending creates left after the imports from the state",
    )
    refresh_verb.add_argument(
        "--import-pending-creates",
        nargs=2,
        action="append",
        default=[],
        metavar=("URN", "ID"),
        help="the object an interrupted create made: it joins the state with this id",
    )
    verbs.add_parser("destroy", parents=[common, changes], help="delete every resource")
    imports = verbs.add_parser(
        "import",
        parents=[common, changes],
        help="import existing resources named in a `pulumi import --file` JSON file",
    )
    imports.add_argument("--file", "-f", type=Path, required=True, help="the import file")
    imports.add_argument(
        "--protect",
        type=_boolean,
        default=True,
        metavar="true|false",
        help="protect the imported resources (default: true, as the CLI's --protect)",
    )
    verbs.add_parser(
        "cancel", parents=[common], help="remove the stack's lock left by a run that is gone"
    )
    stack = verbs.add_parser("stack", help="stack init / output / export")
    stack_verbs = stack.add_subparsers(dest="stack_verb", required=True)
    stack_verbs.add_parser("init", parents=[common], help="create the stack's Pulumi.<stack>.yaml")
    output = stack_verbs.add_parser("output", parents=[common], help="print stack outputs")
    output.add_argument("name", nargs="?", help="one output (default: all)")
    output.add_argument("--show-secrets", action="store_true", help="print secret values")
    output.add_argument("--json", action="store_true", help="print JSON")
    export = stack_verbs.add_parser(
        "export", parents=[common], help="print the state (deployment version 3)"
    )
    export.add_argument("--show-secrets", action="store_true", help="decrypt secret values")
    state = verbs.add_parser("state", help="state delete")
    state_verbs = state.add_subparsers(dest="state_verb", required=True)
    delete = state_verbs.add_parser(
        "delete", parents=[common], help="remove resources from the state (nothing is deleted)"
    )
    delete.add_argument("urns", nargs="+", metavar="URN", help="the resources to remove")
    delete.add_argument("--force", action="store_true", help="remove protected resources too")
    delete.add_argument(
        "--target-dependents", action="store_true", help="remove what depends on them too"
    )
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask")
    return parser


def _boolean(text: str) -> bool:
    if text.lower() in {"true", "1", "yes"}:
        return True
    if text.lower() in {"false", "0", "no"}:
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _confirm(verb: str, args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print(
            f"error: --yes must be passed to {verb} when not running interactively", file=sys.stderr
        )
        return False
    answer = input(f"Do you want to perform this {verb}? [yes/no] ").strip().lower()
    return answer in {"y", "yes"}


def _operation(args: argparse.Namespace, session: Session, progress: Progress) -> Outcome:
    if args.verb in {"preview", "up"}:
        return update(session, progress)
    if args.verb == "import":
        return import_from_file(session, progress, args.file, protect=args.protect)
    if args.verb == "refresh":
        return refresh(
            session,
            progress,
            import_pending_creates=[(urn, id_) for urn, id_ in args.import_pending_creates],
            clear_pending_creates=args.clear_pending_creates,
        )
    return destroy(session, progress)


def _interrupted() -> int:
    print(
        "error: interrupted; the state holds every step that finished (see the pending "
        f"operations with `{COMMAND} stack export`)",
        file=sys.stderr,
    )
    return 130


def _run_change(args: argparse.Namespace, session: Session) -> int:
    verb = args.verb
    dry_run = verb == "preview"
    # pkg/backend/diy/backend.go: Update/Refresh/Destroy hold the lock from the preview on.
    # Only the run that holds the lock releases it on a hard exit: a preview's would be
    # another run's.
    locked = nullcontext() if dry_run else session.stack_lock
    on_hard_exit = (lambda: None) if dry_run else session.stack_lock.release
    with locked, interrupts(session.cancelled, on_hard_exit, freeze=session.state_file.freeze):
        if not dry_run and not args.yes:
            preview = _operation(args, session, Progress(dry_run=True, as_json=False))
            if preview.interrupted:
                return _interrupted()
            if not preview.ok or not _confirm(verb, args):
                return 1
            if session.cancelled.is_set():  # Ctrl-C at the question
                return _interrupted()
        outcome = _operation(args, session, Progress(dry_run=dry_run, as_json=args.json))
    if outcome.interrupted:
        return _interrupted()
    if not outcome.ok:
        return 1
    if args.expect_no_changes and outcome.changed:
        print(
            f"error: no changes were expected but changes were {'proposed' if dry_run else 'made'}",
            file=sys.stderr,
        )
        return 1
    return 0


def _state_delete(args: argparse.Namespace, session: Session) -> int:
    """state_delete.go: resources leave the state; no provider is called."""
    if not _confirm("state delete", args):
        return 1
    with session.stack_lock:  # a state edit, as the CLI's, holds the stack's lock
        state = session.state_file.load()
        try:
            kept = delete_from_state(
                state, args.urns, force=args.force, target_dependents=args.target_dependents
            )
        except StateDeleteError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        session.state_file.save(kept)
    removed = len(state.resources) - len(kept.resources)
    print(f"Resource{'s' if removed != 1 else ''} deleted ({removed})")
    return 0


def _stack_output(args: argparse.Namespace, session: Session) -> int:
    state = session.state_file.load()
    root = next((r for r in state.resources if r.type == _STACK_TYPE and not r.parent), None)
    outputs = dict(root.outputs) if root is not None else {}
    if args.name is not None:
        if args.name not in outputs:
            print(
                f"error: current stack does not have output property '{args.name}'", file=sys.stderr
            )
            return 1
        value = displayed(outputs[args.name], args.show_secrets)
        if args.json or not isinstance(value, str):
            print(json.dumps(value, indent=2))
        else:
            print(value)
        return 0
    shown = {key: displayed(value, args.show_secrets) for key, value in outputs.items()}
    if args.json:
        print(json.dumps(shown, indent=2))
        return 0
    print(f"Current stack outputs ({len(shown)}):")
    width = max((len(key) for key in shown), default=6)
    print(f"    {'OUTPUT':<{width}}  VALUE")
    for key, value in shown.items():
        print(f"    {key:<{width}}  {value if isinstance(value, str) else json.dumps(value)}")
    return 0


def _stack_exists(project: Project, stack: str, session: Session) -> bool:
    return project.stack_file(stack).exists() or session.state_file.path.exists()


def _init_stack(project: Project, stack: str) -> None:
    """``pulumi stack init``: the stack's settings file, empty."""
    path = project.stack_file(stack)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("config: {}\n")
    print(f"Created stack '{stack}' ({path})", file=sys.stderr)


def _no_stack(project: Project, stack: str) -> ProjectError:
    return ProjectError(
        f"no stack named '{stack}' found (no {project.stack_file(stack)} and no state): create "
        f"it with `{COMMAND} stack init --stack {stack}` or pass --create-stack"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        project = load_project(args.cwd)
        stack = parse_stack_name(args.stack, project.name)
        if args.verb == "stack" and args.stack_verb == "init":
            if project.stack_file(stack).exists():
                raise ProjectError(f"stack '{stack}' already exists ({project.stack_file(stack)})")
            _init_stack(project, stack)
            return 0
        if getattr(args, "create_stack", False) and not project.stack_file(stack).exists():
            _init_stack(project, stack)
        session = Session(project, stack, args.state_dir)
        try:
            if args.verb == "cancel":
                session.stack_lock.release()
                print(f"removed the lock of stack '{stack}' if there was one", file=sys.stderr)
                return 0
            if not _stack_exists(project, stack, session):
                raise _no_stack(project, stack)
            if args.verb == "state":
                return _state_delete(args, session)
            if args.verb == "stack":
                if args.stack_verb == "export":
                    document = session.state_file.export(show_secrets=args.show_secrets)
                    print(json.dumps(document, indent=4))
                    return 0
                return _stack_output(args, session)
            return _run_change(args, session)
        finally:
            session.close()
    except StackNameError as error:
        print(f"error: invalid stack name {args.stack!r}: {error}", file=sys.stderr)
        return 2
    except (ProjectError, CrypterError, StateError, StackLockedError, ImportFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; the state holds every step that finished", file=sys.stderr)
        return 130
