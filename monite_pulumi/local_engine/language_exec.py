"""Run a Pulumi Python program the way the Python language host's executor does.

A faithful copy of the behaviour of sdk/python/cmd/pulumi-language-python-exec (pulumi v3.259.0;
that script ships with the CLI, not with the ``pulumi`` wheel): parse the same arguments, load
``PULUMI_CONFIG``/``PULUMI_CONFIG_SECRET_KEYS`` with ``set_all_config``, build ``Settings``,
``configure`` it, chdir to ``--pwd``, and run the program with ``runpy`` inside
``pulumi.runtime.run_in_stack`` on an event loop whose default executor has ``parallel * 4``
workers. Exit code 32 means an error was already shown to the user.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import runpy
import sys
from concurrent.futures import ThreadPoolExecutor

import pulumi
import pulumi.runtime

USER_ERROR_SHOWN = 32


def main() -> int:
    parser = argparse.ArgumentParser(description="Execute a Pulumi Python program")
    for name in (
        "project",
        "root_directory",
        "stack",
        "parallel",
        "dry_run",
        "pwd",
        "monitor",
        "engine",
        "tracing",
        "organization",
    ):
        parser.add_argument(f"--{name}")
    parser.add_argument("PROGRAM")
    parser.add_argument("ARGS", nargs="*")
    args = parser.parse_args()

    pulumi.runtime.set_all_config(
        pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env()
    )
    settings = pulumi.runtime.Settings(
        monitor=args.monitor,
        engine=args.engine,
        project=args.project,
        stack=args.stack,
        parallel=int(args.parallel or 0),
        dry_run=args.dry_run == "true",
        organization=args.organization,
        root_directory=args.root_directory,
    )
    pulumi.runtime.configure(settings)
    sys.argv = [args.PROGRAM, *args.ARGS]
    if args.pwd:
        os.chdir(args.pwd)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    executor = ThreadPoolExecutor(max_workers=max(int(args.parallel or 1), 1) * 4)
    loop.set_default_executor(executor)
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    exit_code = 1
    try:
        program = args.PROGRAM

        def run() -> None:
            runpy.run_path(program, run_name="__main__")

        loop.run_until_complete(pulumi.runtime.run_in_stack(run))
        exit_code = 0
    except pulumi.RunError as error:
        pulumi.log.error(str(error))
    except Exception:
        import traceback

        pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
        exit_code = USER_ERROR_SHOWN
    finally:
        executor.shutdown(wait=True)
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
