"""The ``monite-pulumi`` Typer app: global options and the operator commands."""

from __future__ import annotations

import json
import sys
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from monite_pulumi._logging import configure_from_env
from monite_pulumi._version import __version__
from monite_pulumi.cli._duplicates import (
    duplicates_as_json,
    duplicates_table,
    find_duplicates,
)
from monite_pulumi.cli._durations import format_age, parse_age
from monite_pulumi.cli._entity_ref import resolve_entity
from monite_pulumi.cli._errors import CliError, reported_errors
from monite_pulumi.cli._exit_codes import ExitCode
from monite_pulumi.cli._export import (
    collect_tenants,
    entries_for,
    project_name,
    render,
    render_pulumi_import,
    state_import_file,
    validation_problems,
)
from monite_pulumi.cli._pending_creates import find_pending_creates, pending_creates_report
from monite_pulumi.cli._render import chase_table, rows_as_json, status_table, stdout_console
from monite_pulumi.cli._rows import NO_CONNECTION, RowFilter, StatusRow, collect_rows
from monite_pulumi.cli._session import CliSession, GlobalOptions
from monite_pulumi.client import MoniteClient
from monite_pulumi.client.models import AccountingConnectionResponse, EntityResponse
from monite_pulumi.lookups import get_accounting_connection

app = typer.Typer(
    name="monite-pulumi",
    help="Look after Monite entities and their accounting connections (no Pulumi CLI needed).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain Click help and usage errors: greppable in CI logs, and no markup parsing of text.
    rich_markup_mode=None,
)


class Environment(str, Enum):
    sandbox = "sandbox"
    eu_production = "eu-production"
    na_production = "na-production"
    local = "local"


class EntityStatus(str, Enum):
    active = "active"
    inactive = "inactive"
    deleted = "deleted"


class EntityType(str, Enum):
    individual = "individual"
    organization = "organization"


class ConnectionStatus(str, Enum):
    connected = "connected"
    pending_auth = "pending_auth"
    disconnected = "disconnected"
    deauthorized = "deauthorized"
    none = NO_CONNECTION


E = TypeVar("E", bound=Enum)


def _choice(kind: type[E]) -> Callable[[str], E]:
    """An option parser for an Enum: Click's "'x' is not one of ..." without a "Value error"."""

    def parse(value: str | E) -> E:
        if isinstance(value, kind):
            return value
        for member in kind:
            if member.value == value:
                return member
        allowed = ", ".join(repr(member.value) for member in kind)
        raise typer.BadParameter(f"{value!r} is not one of {allowed}")

    return parse


def _metavar(kind: type[Enum]) -> str:
    return "[" + "|".join(str(member.value) for member in kind) + "]"


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"monite-pulumi {__version__}")
        raise typer.Exit(ExitCode.OK)


def _age(text: str) -> timedelta:
    """``parse_age`` for options: its message, without a "Value error" prefix."""
    try:
        return parse_age(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


AgeOption = Annotated[
    timedelta | None,
    typer.Option(
        "--pending-older-than",
        parser=_age,
        metavar="AGE",
        help="Only pending links older than AGE (e.g. 2d, 36h, 1d12h).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout instead.")]
ProgressOption = Annotated[
    bool, typer.Option("--progress/--no-progress", help="Progress on stderr (terminals only).")
]
WorkersOption = Annotated[
    int, typer.Option(min=1, max=16, help="Concurrent connection look-ups (rate-limited).")
]
EntityArgument = Annotated[str, typer.Argument(metavar="ENTITY", help="Entity id or email.")]


def _session(ctx: typer.Context) -> CliSession:
    session = ctx.obj
    assert isinstance(session, CliSession)
    return session


@app.callback()
def global_options(
    ctx: typer.Context,
    api_url: Annotated[
        str | None,
        typer.Option(help="Monite API base URL (env MONITE_API_URL).", show_default=False),
    ] = None,
    environment: Annotated[
        Environment | None,
        typer.Option(
            "--environment",
            "-e",
            parser=_choice(Environment),
            metavar=_metavar(Environment),
            help="Monite environment (env MONITE_ENVIRONMENT).",
            show_default=False,
        ),
    ] = None,
    client_id: Annotated[
        str | None,
        typer.Option(help="Partner client id (env MONITE_CLIENT_ID).", show_default=False),
    ] = None,
    api_version: Annotated[
        str | None,
        typer.Option(help="X-Monite-Version (env MONITE_API_VERSION).", show_default=False),
    ] = None,
    ask_secret: Annotated[
        bool,
        typer.Option(
            "--ask-secret",
            help="Prompt (hidden) for the client secret instead of MONITE_CLIENT_SECRET "
            "(without a terminal: read its first line from standard input).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Global options; the secret comes only from MONITE_CLIENT_SECRET or --ask-secret."""
    configure_from_env()
    session = CliSession(
        GlobalOptions(
            api_url=api_url,
            environment=environment.value if environment is not None else None,
            client_id=client_id,
            api_version=api_version,
            ask_secret=ask_secret,
        )
    )
    ctx.obj = session
    ctx.call_on_close(session.close)


@contextmanager
def _progress(
    enabled: bool, description: str = "checking entities"
) -> Iterator[tuple[Callable[[int], None], Callable[[], None]]]:
    """Rich progress on stderr; silent when stderr is not a terminal or when disabled."""
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not enabled or not console.is_terminal,
    ) as progress:
        task = progress.add_task(description, total=None)
        yield (
            lambda total: progress.update(task, total=total),
            lambda: progress.advance(task),
        )


def _rows(
    client: MoniteClient,
    *,
    listing_status: str | None,
    entity_type: str | None,
    email: str | None,
    row_filter: RowFilter,
    progress: bool,
    workers: int,
) -> list[StatusRow]:
    entities = client.list_entities(status=listing_status, type=entity_type, email=email)
    with _progress(progress) as (on_listed, on_row):
        rows = collect_rows(
            client,
            entities,
            now=datetime.now(timezone.utc),
            workers=workers,
            on_listed=on_listed,
            on_row=on_row,
        )
        return [row for row in rows if row_filter.keeps(row)]


@app.command()
def status(
    ctx: typer.Context,
    entity_status: Annotated[
        list[EntityStatus] | None,
        typer.Option(
            "--status",
            "-s",
            parser=_choice(EntityStatus),
            metavar=_metavar(EntityStatus),
            help="Entity status; repeat for several (default: all but deleted).",
            show_default=False,
        ),
    ] = None,
    connection_status: Annotated[
        list[ConnectionStatus] | None,
        typer.Option(
            "--connection-status",
            "-c",
            parser=_choice(ConnectionStatus),
            metavar=_metavar(ConnectionStatus),
            help="Connection status; repeat for several.",
            show_default=False,
        ),
    ] = None,
    pending_older_than: AgeOption = None,
    entity_type: Annotated[
        EntityType | None,
        typer.Option(
            "--type",
            parser=_choice(EntityType),
            metavar=_metavar(EntityType),
            help="Entity type.",
            show_default=False,
        ),
    ] = None,
    email: Annotated[
        str | None, typer.Option(help="Entities with this email.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    progress: ProgressOption = True,
    workers: WorkersOption = 4,
) -> None:
    """Entities with their accounting connection, platform, last pull and pending age."""
    with reported_errors():
        statuses = [s.value for s in entity_status or []] or ["active", "inactive"]
        rows = _rows(
            _session(ctx).client(),
            listing_status=statuses[0] if len(statuses) == 1 else None,
            entity_type=entity_type.value if entity_type is not None else None,
            email=email,
            row_filter=RowFilter(
                entity_statuses=statuses,
                connection_statuses=[c.value for c in connection_status or []],
                pending_older_than=pending_older_than,
            ),
            progress=progress,
            workers=workers,
        )
        if as_json:
            typer.echo(rows_as_json(rows))
        else:
            stdout_console().print(status_table(rows))
        typer.echo(f"{len(rows)} entities", err=True)


@app.command()
def chase(
    ctx: typer.Context,
    older_than: Annotated[
        timedelta,
        typer.Option(parser=_age, metavar="AGE", help="Pending longer than AGE (e.g. 2d, 36h)."),
    ] = "2d",  # type: ignore[assignment]  # Click runs the default through _age
    as_json: JsonOption = False,
    progress: ProgressOption = True,
    workers: WorkersOption = 4,
) -> None:
    """Active entities whose link has waited longer than AGE; exit 1 when there are any."""
    with reported_errors():
        rows = _rows(
            _session(ctx).client(),
            listing_status="active",
            entity_type=None,
            email=None,
            row_filter=RowFilter(entity_statuses=["active"], pending_older_than=older_than),
            progress=progress,
            workers=workers,
        )
        summary = f"{len(rows)} connection(s) pending longer than {format_age(older_than)}"
        if as_json:
            typer.echo(rows_as_json(rows))
        elif rows:
            stdout_console().print(chase_table(rows))
        typer.echo(summary, err=True)
    if rows:
        raise typer.Exit(ExitCode.FOUND)


def _connection_in_state(
    client: MoniteClient, entity: str, wanted: str, describe: str
) -> tuple[EntityResponse, AccountingConnectionResponse]:
    """ENTITY and its live connection, which must be in state ``wanted``."""
    found = resolve_entity(client, entity)
    connection = get_accounting_connection(found.id, client=client)
    state = connection.status if connection is not None else None
    if connection is None or state != wanted:
        raise CliError(
            f"entity {found.id} has no {describe} (current: {state or NO_CONNECTION})",
            ExitCode.NOT_FOUND,
        )
    return found, connection


@app.command()
def sync(ctx: typer.Context, entity: EntityArgument) -> None:
    """Start an accounting sync for ENTITY's connected connection."""
    with reported_errors():
        client = _session(ctx).client()
        found, connection = _connection_in_state(
            client, entity, "connected", "connected accounting connection"
        )
        answer = client.sync_accounting_connection(found.id, connection.id)
        typer.echo(
            f"sync started for entity {found.id}, connection {connection.id}: {answer.message}"
        )


@app.command(name="open")
def open_link(
    ctx: typer.Context,
    entity: EntityArgument,
    browser: Annotated[
        bool, typer.Option("--browser", help="Open the link in a web browser instead.")
    ] = False,
) -> None:
    """Print the authorisation link of ENTITY's pending connection (or open it)."""
    with reported_errors():
        found, connection = _connection_in_state(
            _session(ctx).client(), entity, "pending_auth", "connection waiting for authorisation"
        )
        url = connection.connection_url
        if browser and webbrowser.open(url):
            typer.echo(f"opened the authorisation link of entity {found.id}", err=True)
            return
        if browser:
            typer.echo("no browser could be started; the link:", err=True)
        typer.echo(url)


class ExportFormat(str, Enum):
    tenants = "tenants"
    stack_config = "stack-config"
    pulumi_import = "pulumi-import"


class ExportStatus(str, Enum):
    active = "active"
    inactive = "inactive"


class LiveConnection(str, Enum):
    connected = "connected"
    pending_auth = "pending_auth"
    none = NO_CONNECTION


def _export_from_state(path: Path, output_format: ExportFormat, out: Path | None) -> None:
    """``export --from-state``: the bulk-import file of a stack's dynamic resources."""
    if output_format is not ExportFormat.pulumi_import:
        typer.echo("error: --from-state needs --format pulumi-import", err=True)
        raise typer.Exit(ExitCode.USAGE)
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, ValueError) as error:
        typer.echo(f"error: --from-state {path}: {error}", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    rendered = state_import_file(document)
    if out is None:
        typer.echo(rendered, nl=False)
    else:
        out.write_text(rendered, encoding="utf-8")
    count = len(json.loads(rendered)["resources"])
    typer.echo(f"wrote {count} resources to import{f' to {out}' if out else ''}", err=True)


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to FILE instead of stdout.", show_default=False),
    ] = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="tenants: a YAML list of tenant entries; stack-config: a `config:` block for "
            "a Pulumi.<stack>.yaml; pulumi-import: a `pulumi import --file` JSON file for the "
            "native provider's resources.",
        ),
    ] = ExportFormat.tenants,
    project: Annotated[
        str | None,
        typer.Option(
            help="Pulumi project whose `<project>:tenants` key --format stack-config writes "
            "(default: the name in ./Pulumi.yaml, else monite-platform).",
            show_default=False,
        ),
    ] = None,
    entity_status: Annotated[
        list[ExportStatus] | None,
        typer.Option(
            "--status",
            "-s",
            help="Entity status; repeat for several (default: active and inactive).",
            show_default=False,
        ),
    ] = None,
    connection_status: Annotated[
        list[LiveConnection] | None,
        typer.Option(
            "--connection-status",
            "-c",
            help="Only entities whose live connection has this status; repeat for several.",
            show_default=False,
        ),
    ] = None,
    entity_type: Annotated[
        EntityType | None, typer.Option("--type", help="Entity type.", show_default=False)
    ] = None,
    email: Annotated[
        str | None, typer.Option(help="Entities with this email.", show_default=False)
    ] = None,
    progress: ProgressOption = True,
    workers: WorkersOption = 4,
    from_state: Annotated[
        Path | None,
        typer.Option(
            "--from-state",
            help="With --format pulumi-import: a stack's `pulumi stack export` file (- for "
            "stdin) whose dynamic resources become the file's native ones, same names; no "
            "request to Monite.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Existing entities as tenant entries with `adopt` ids, for one adopting `pulumi up`."""
    if from_state is not None:
        _export_from_state(from_state, output_format, out)
        return
    with reported_errors():
        client = _session(ctx).client()
        statuses = [s.value for s in entity_status or []] or ["active", "inactive"]
        wanted_connections = {c.value for c in connection_status or []}
        entities = (
            entity
            for entity in client.list_entities(
                status=statuses[0] if len(statuses) == 1 else None,
                type=entity_type.value if entity_type is not None else None,
                email=email,
            )
            if entity.status in statuses
        )
        with _progress(progress, "exporting entities") as (on_listed, on_done):
            tenants = [
                tenant
                for tenant in collect_tenants(
                    client, entities, workers=workers, on_listed=on_listed, on_done=on_done
                )
                if not wanted_connections
                or (tenant.connection.status if tenant.connection else NO_CONNECTION)
                in wanted_connections
            ]
        entries = entries_for(tenants)
        key = None
        if output_format is ExportFormat.stack_config:
            key = f"{project or project_name(Path.cwd())}:tenants"
        text = (
            render_pulumi_import(entries)
            if output_format is ExportFormat.pulumi_import
            else render(entries, stack_config_key=key)
        )
        if out is None:
            typer.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
        for tenant in tenants:
            for note in tenant.notes:
                typer.echo(f"note: {note}", err=True)
        where = f" to {out}" if out is not None else ""
        if not entries:
            typer.echo(f"note: no entities to export; wrote an empty list{where}", err=True)
            return
        typer.echo(f"exported {len(entries)} tenant entries{where}", err=True)
        problems = validation_problems(entries)
        for problem in problems:
            typer.echo(f"needs attention: {problem}", err=True)
    if problems:
        raise typer.Exit(ExitCode.FOUND)


@app.command()
def duplicates(
    ctx: typer.Context,
    within: Annotated[
        timedelta,
        typer.Option(parser=_age, metavar="AGE", help="Created at most AGE apart (e.g. 1m, 90s)."),
    ] = "1m",  # type: ignore[assignment]  # Click runs the default through _age
    products: Annotated[
        bool, typer.Option("--products/--no-products", help="Also compare each entity's products.")
    ] = True,
    as_json: JsonOption = False,
    pending_creates: Annotated[
        Path | None,
        typer.Option(
            "--pending-creates",
            metavar="STATE",
            help="Instead: for each pending create in this exported state (a run interrupted "
            "mid-create), the object it made, as URN ID lines for refresh "
            "--import-pending-creates.",
        ),
    ] = None,
) -> None:
    """Likely duplicates (a create that landed twice); exit 1 when there are any."""
    if pending_creates is not None:
        _pending_creates(ctx, pending_creates, as_json)
        return
    with reported_errors():
        groups = find_duplicates(_session(ctx).client(), within=within, products=products)
        if as_json:
            typer.echo(duplicates_as_json(groups))
        elif groups:
            stdout_console().print(duplicates_table(groups))
        typer.echo(
            f"{len(groups)} group(s) of likely duplicates (created within {format_age(within)})",
            err=True,
        )
    if groups:
        raise typer.Exit(ExitCode.FOUND)


def _pending_creates(ctx: typer.Context, state: Path, as_json: bool) -> None:
    """``duplicates --pending-creates``: exit 1 while any pending create is left to resolve."""
    with reported_errors():
        try:
            document = json.loads(state.read_text())
        except (OSError, ValueError) as error:
            raise CliError(f"cannot read the state {state}: {error}", ExitCode.USAGE) from None
        found = find_pending_creates(_session(ctx).client(), document)
        report = pending_creates_report(found, as_json)
        if report:
            typer.echo(report)
        typer.echo(
            f"{len(found)} pending create(s); {sum(len(f.ids) == 1 for f in found)} found once",
            err=True,
        )
    if found:
        raise typer.Exit(ExitCode.FOUND)
