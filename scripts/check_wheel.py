"""Check the package as a user gets it: built, installed from the wheel, run outside the tree.

Usage: ``python scripts/check_wheel.py`` (``make wheel-check``; ``make test`` runs it).

1. Builds the sdist and the wheel from this tree (``python -m build --no-isolation``: hatchling
   from the development environment, so no download is needed to build).
2. Builds a second wheel from the sdist and checks it holds the same files with the same bytes:
   what is published as source rebuilds what is published as a wheel.
3. Checks the wheel carries the sandbox's templates and stylesheet and the version of
   ``monite_pulumi/_version.py``.
4. Creates a fresh virtual environment in a temporary directory outside the source tree, installs
   the wheel with the README's extras (``cli``, ``sandbox``, ``engine``) into it (not editable),
   and from there runs ``monite-pulumi --version``, ``monite-sandbox --version``,
   ``monite-local-engine --help``, a sandbox whose dashboard, authorisation page and stylesheet
   must be served, and ``monite-pulumi -e local status`` against it.
5. Starts the native provider plugin ``pulumi-resource-monite`` from that venv's bin as the
   Pulumi engine does (the engine's address as argument, the port on its first stdout line) and
   asks it for its schema over gRPC: it must name the package ``monite`` and its resources.

Exits non-zero with the failing step named; prints one line per step that passed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION_FILE = ROOT / "monite_pulumi" / "_version.py"
REQUIRED_IN_WHEEL = (
    "monite_pulumi/_version.py",
    "monite_pulumi/py.typed",
    "monite_pulumi/sandbox/pages/static/sandbox.css",
    "monite_pulumi/sandbox/pages/templates/base.html",
    "monite_pulumi/sandbox/pages/templates/dashboard.html",
    "monite_pulumi/sandbox/pages/templates/choose.html",
)
SANDBOX_START_SECONDS = 60.0
README_EXTRAS = "cli,sandbox,engine"
"""The extras of README.md's install line (tests/test_readme.py checks they agree)."""


class CheckFailed(Exception):  # noqa: N818 (reads as the sentence it raises)
    """A step failed; the message says which and why."""


def version() -> str:
    match = re.search(r'__version__ = "([^"]+)"', VERSION_FILE.read_text(encoding="utf-8"))
    if match is None:
        raise CheckFailed(f"no __version__ in {VERSION_FILE}")
    return match[1]


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout, or CheckFailed with its output."""
    done = subprocess.run(  # noqa: S603 (our own build and venv commands)
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shown = " ".join(str(part) for part in command)
        raise CheckFailed(f"`{shown}` exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build(source: Path, out: Path, *kinds: str) -> None:
    run(sys.executable, "-m", "build", "--no-isolation", *kinds, "--outdir", out, source, cwd=out)


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise CheckFailed(f"expected one {pattern} in {folder}, found {found}")
    return found[0]


def wheel_contents(wheel: Path) -> dict[str, str]:
    """Every file of a wheel and the sha256 of its bytes."""
    with zipfile.ZipFile(wheel) as archive:
        return {
            name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in archive.namelist()
            if not name.endswith("/")
        }


def check_builds(work: Path) -> Path:
    """Steps 1-3; returns the wheel built from the tree."""
    tree_dist = work / "dist"
    tree_dist.mkdir()
    build(ROOT, tree_dist, "--sdist", "--wheel")
    wheel = only(tree_dist, "monite_pulumi-*.whl")
    sdist = only(tree_dist, "monite_pulumi-*.tar.gz")
    expected = f"monite_pulumi-{version()}-py3-none-any.whl"
    if wheel.name != expected:
        raise CheckFailed(f"the wheel is {wheel.name}, expected {expected}")
    print(f"check-wheel: built {sdist.name} and {wheel.name}")

    unpacked = work / "sdist"
    with tarfile.open(sdist) as archive:
        archive.extractall(unpacked, filter="data")
    rebuilt_dist = work / "from-sdist"
    rebuilt_dist.mkdir()
    build(only(unpacked, "monite_pulumi-*"), rebuilt_dist, "--wheel")
    ours, rebuilt = wheel_contents(wheel), wheel_contents(only(rebuilt_dist, "*.whl"))
    if ours != rebuilt:
        names = set(ours) | set(rebuilt)
        differ = sorted(name for name in names if ours.get(name) != rebuilt.get(name))
        raise CheckFailed(f"the sdist builds a different wheel; files that differ: {differ}")
    print(f"check-wheel: the sdist rebuilds the same wheel ({len(ours)} files, same bytes)")

    missing = [name for name in REQUIRED_IN_WHEEL if name not in ours]
    if missing:
        raise CheckFailed(f"the wheel lacks {missing}")
    dist_info = wheel.name.split("-py3")[0] + ".dist-info"
    strays = [name for name in ours if name.split("/")[0] not in ("monite_pulumi", dist_info)]
    if strays:
        raise CheckFailed(f"the wheel holds files outside the package: {strays[:10]}")
    print("check-wheel: the wheel holds the sandbox's templates and stylesheet")
    return wheel


def installed_venv(work: Path, wheel: Path) -> Path:
    """A fresh virtual environment (outside the tree) with the wheel and the README's extras."""
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=work)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", f"{wheel}[{README_EXTRAS}]", cwd=work)
    where = run(python, "-c", "import monite_pulumi; print(monite_pulumi.__file__)", cwd=work)
    if not Path(where.strip()).is_relative_to(venv):
        raise CheckFailed(f"monite_pulumi imported from {where.strip()}, not from {venv}")
    print(f"check-wheel: installed {wheel.name}[{README_EXTRAS}] into a fresh venv in {work}")
    return venv


def started_sandbox(
    venv: Path, work: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[str], str]:
    """``monite-sandbox --port 0`` from the venv; the process and its base URL."""
    process = subprocess.Popen(  # noqa: S603 (the venv's own console script)
        [str(venv / "bin" / "monite-sandbox"), "--port", "0", "--data", ":memory:"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    stdout = process.stdout
    assert stdout is not None
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(SANDBOX_START_SECONDS)  # the line comes, or the process exits, or time is up
    line = first[0] if first else ""
    match = re.match(r"monite-sandbox listening on (http://\S+)", line)
    if match is None:
        process.kill()
        process.wait()
        raise CheckFailed(f"monite-sandbox did not start in {SANDBOX_START_SECONDS:g} s: {line}")
    return process, match[1]


# Run by the fresh venv's python: only the installed package and its dependencies are used.
_PAGES_PROBE = """
import json, sys
import httpx

base = sys.argv[1]
version = {"x-monite-version": "2024-05-25"}
with httpx.Client(base_url=base, timeout=30, headers=version) as web:
    dashboard = web.get("/")
    stylesheet = web.get("/static/sandbox.css")
    token = web.post(
        "/v1/auth/token",
        json={"grant_type": "client_credentials", "client_id": sys.argv[2],
              "client_secret": sys.argv[3]},
    ).raise_for_status().json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    entity = web.post(
        "/v1/entities", headers=headers,
        json={"type": "organization", "email": "wheel@check.example",
              "address": {"country": "DE", "city": "Berlin", "postal_code": "10115",
                          "line1": "Str. 1"},
              "organization": {"legal_name": "Wheel Check GmbH"}},
    ).raise_for_status().json()
    connection = web.post(
        "/v1/accounting_connections", headers={**headers, "x-monite-entity-id": entity["id"]}
    ).raise_for_status().json()
    authorise = web.get(connection["connection_url"])
print(json.dumps({
    "entity_id": entity["id"],
    "dashboard": [dashboard.status_code, dashboard.headers.get("content-type", "")],
    "stylesheet": [stylesheet.status_code, stylesheet.headers.get("content-type", "")],
    "authorise": [authorise.status_code, authorise.headers.get("content-type", "")],
    "authorise_mentions_xero": "Xero" in authorise.text,
}))
"""


def check_commands(venv: Path, work: Path) -> None:
    """Step 4, from the venv's bin and a working directory outside the tree."""
    bin_dir = venv / "bin"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MONITE_")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    for command in ("monite-pulumi", "monite-sandbox"):
        printed = run(bin_dir / command, "--version", cwd=work, env=env).strip()
        if printed != f"{command} {version()}":
            raise CheckFailed(f"`{command} --version` printed {printed!r}")
    print(f"check-wheel: monite-pulumi --version and monite-sandbox --version print {version()}")
    run(bin_dir / "monite-local-engine", "--help", cwd=work, env=env)
    print("check-wheel: monite-local-engine --help runs (the engine extra is installed)")

    process, base = started_sandbox(venv, work, env)
    try:
        client_id, secret = "00000000-0000-4000-8000-000000000001", "sandbox-secret"
        probe = work / "pages_probe.py"
        probe.write_text(_PAGES_PROBE, encoding="utf-8")
        seen = json.loads(
            run(bin_dir / "python", probe, base, client_id, secret, cwd=work, env=env)
        )
        for page, kind in (
            ("dashboard", "text/html"),
            ("authorise", "text/html"),
            ("stylesheet", "text/css"),
        ):
            status, content_type = seen[page]
            if status != 200 or not content_type.startswith(kind):
                raise CheckFailed(f"the sandbox's {page} answered {status} {content_type!r}")
        if not seen["authorise_mentions_xero"]:
            raise CheckFailed("the authorisation page does not offer Xero: template not rendered?")
        print("check-wheel: the sandbox serves its dashboard, authorisation page and stylesheet")
        status_env = {
            **env,
            "MONITE_API_URL": f"{base}/v1",
            "MONITE_CLIENT_ID": client_id,
            "MONITE_CLIENT_SECRET": secret,
        }
        rows = json.loads(
            run(
                bin_dir / "monite-pulumi",
                "-e",
                "local",
                "status",
                "--json",
                "--no-progress",
                cwd=work,
                env=status_env,
            )
        )
        if [row.get("entity_id") for row in rows] != [seen["entity_id"]]:
            raise CheckFailed(f"monite-pulumi -e local status listed {rows}")
        print("check-wheel: monite-pulumi -e local status lists the sandbox's entity")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


_PLUGIN_PROBE = """
import json, subprocess, sys
import grpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

plugin = subprocess.Popen([sys.argv[1], "127.0.0.1:1"], stdout=subprocess.PIPE)
try:
    port = int(plugin.stdout.readline())
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = provider_pb2_grpc.ResourceProviderStub(channel)
        answer = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
    schema = json.loads(answer.schema)
    print(json.dumps({"name": schema["name"], "resources": sorted(schema["resources"])}))
finally:
    plugin.terminate()
    plugin.wait(timeout=30)
"""


def check_plugin(venv: Path, work: Path) -> None:
    """Step 5: the native plugin starts from the wheel's console script and serves its schema."""
    bin_dir = venv / "bin"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MONITE_")}
    env.pop("PYTHONPATH", None)
    probe = work / "plugin_probe.py"
    probe.write_text(_PLUGIN_PROBE, encoding="utf-8")
    plugin = bin_dir / "pulumi-resource-monite"
    if not plugin.exists():
        raise CheckFailed("the wheel installs no pulumi-resource-monite command")
    seen = json.loads(run(bin_dir / "python", probe, plugin, cwd=work, env=env))
    if seen["name"] != "monite" or "monite:index:Entity" not in seen["resources"]:
        raise CheckFailed(f"pulumi-resource-monite's schema is not the monite package: {seen}")
    print(
        f"check-wheel: pulumi-resource-monite serves the schema of {len(seen['resources'])} "
        "resources"
    )


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="monite-pulumi-wheel-check-"))
    try:
        if work.is_relative_to(ROOT):
            raise CheckFailed(f"the temporary directory {work} is inside the source tree")
        wheel = check_builds(work)
        venv = installed_venv(work, wheel)
        check_commands(venv, work)
        check_plugin(venv, work)
    except CheckFailed as failed:
        print(f"check-wheel: FAILED: {failed}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("check-wheel: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
