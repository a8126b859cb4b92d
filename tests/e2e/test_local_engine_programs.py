"""Small programs through ``monite-local-engine`` for findings 3-6 of issue 31 (no sandbox).

Each test writes a project with a dynamic provider defined in the program itself (the server
unpickles it by value), runs the engine as a user does (a subprocess) and checks its state
against Pulumi's apitype schemas after every command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from tests.e2e.local_engine_run import EngineRun
from tests.local_engine.apitype import apitype_errors

pytestmark = pytest.mark.slow

THING = textwrap.dedent(
    """
    import pulumi
    from pulumi.dynamic import CreateResult, Resource, ResourceProvider


    class Provider(ResourceProvider):
        def create(self, props):
            return CreateResult("thing-1", props)


    class Thing(Resource):
        def __init__(self, name, opts=None):
            super().__init__(Provider(), name, {"size": 1}, opts)
    """
)


class Program:
    def __init__(self, directory: Path, python: str | None = None) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        runtime = (
            "python" if python is None else ("\n  name: python\n  options:\n    virtualenv: venv")
        )
        (directory / "Pulumi.yaml").write_text(f"name: p\nruntime: {runtime}\n")
        (directory / "Pulumi.dev.yaml").write_text("config: {}\n")

    def write(self, body: str) -> None:
        (self.directory / "__main__.py").write_text(THING + textwrap.dedent(body))

    def run(self, *args: str) -> EngineRun:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "monite_pulumi.local_engine",
                *args,
                "--cwd",
                str(self.directory),
            ],
            env={**os.environ, "PULUMI_CONFIG_PASSPHRASE": "p"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        state = self.directory / ".monite-local-engine" / "dev.json"
        if state.exists():
            assert apitype_errors(json.loads(state.read_text())) == []
        return EngineRun(done.returncode, done.stdout, done.stderr)


def test_outputs_a_failed_program_did_not_register_again_are_kept(tmp_path: Path) -> None:
    """tests/integration/stack_outputs_program_error (python), step1 then step2."""
    program = Program(tmp_path)
    program.write('pulumi.export("xyz", "ABC")\npulumi.export("foo", 42)\n')
    assert program.run("up", "--yes").code == 0
    program.write(
        'pulumi.export("xyz", "DEF")\nraise Exception("program error")\npulumi.export("foo", 1)\n'
    )
    failed = program.run("up", "--yes")
    assert program.run("stack", "output", "--json").json() == {"xyz": "DEF", "foo": 42}
    assert failed.code == 1
    assert "program error" in failed.stderr


def test_under_json_stdout_is_the_document_and_the_programs_prints_are_diagnostics(
    tmp_path: Path,
) -> None:
    """pkg/backend/display/json.go: the program's stdout is info diagnostics of the document."""
    program = Program(tmp_path)
    program.write('print("hello from the program")\nThing("a")\n')
    up = program.run("up", "--yes", "--json")
    assert up.code == 0, up.stderr
    document = up.json()
    assert document["changeSummary"] == {"create": 3}
    assert {"severity": "info", "message": "hello from the program"} in document["diagnostics"]
    assert "hello from the program" in up.stderr


def sdk_only_venv(directory: Path) -> None:
    """A virtualenv where the Pulumi SDK (and everything else of ours) imports, but not this
    package: a .pth naming a folder of links to our site-packages minus monite_pulumi."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(directory)], check=True)
    ours = Path(sysconfig.get_paths()["purelib"])
    shared = directory.parent / "sdk-only-site"
    shared.mkdir()
    for entry in ours.iterdir():
        if "monite" in entry.name.lower() or entry.suffix == ".pth":
            continue
        (shared / entry.name).symlink_to(entry)
    purelib = next(directory.glob("lib/python3*/site-packages"))
    (purelib / "sdk-only.pth").write_text(f"{shared}\n")
    check = subprocess.run(
        [str(directory / "bin" / "python"), "-c", "import pulumi, monite_pulumi"],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "No module named 'monite_pulumi'" in check.stderr


def test_a_project_virtualenv_needs_only_the_pulumi_sdk(tmp_path: Path) -> None:
    project = tmp_path / "project"
    program = Program(project, python="venv")
    sdk_only_venv(project / "venv")
    program.write('Thing("a")\npulumi.export("ok", True)\n')
    up = program.run("up", "--yes")
    assert up.code == 0, up.stderr
    assert "+ 3 created" in up.stdout


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('pulumi.StackReference("organization/p/other")', "a StackReference"),
        (
            'pulumi.CustomResource("pulumi-python:dynamic:Resource", "x", '
            'opts=pulumi.ResourceOptions(id="abc"))',
            "reading an existing resource (`get`, ReadResource)",
        ),
        (
            'pulumi.runtime.invoke("test:index:fn", {})',
            "test:index:fn: no resource plugin 'pulumi-resource-test' found",
        ),
        (
            'a = Thing("a")\nThing("b", pulumi.ResourceOptions(deleted_with=a))',
            "resource option(s) deletedWith",
        ),
        (
            'a = Thing("a")\nThing("b", pulumi.ResourceOptions(replace_with=[a]))',
            "resource option(s) replaceWith",
        ),
        (
            'Thing("b", pulumi.ResourceOptions(transforms=[lambda args: None]))',
            "resource option(s) transforms",
        ),
    ],
    ids=["stack-reference", "get", "invoke", "deleted-with", "replace-with", "transforms"],
)
def test_what_the_engine_does_not_support_is_one_line_naming_it(
    tmp_path: Path, body: str, named: str
) -> None:
    program = Program(tmp_path)
    program.write(body + "\n")
    up = program.run("up", "--yes")
    assert up.code == 1
    errors = [line for line in up.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, up.stderr
    assert named in errors[0]
    assert "Pulumi CLI" in errors[0]
    for noise in ("Traceback", "Method not implemented", "update the Pulumi CLI"):
        assert noise not in up.stderr
