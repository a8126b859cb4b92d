"""Pulumi entry point; the program is in quickstart.py (typed and tested)."""

from quickstart import declare_quickstart

declare_quickstart()
