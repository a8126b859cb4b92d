"""Pulumi entry point; the program is in many_tenants.py (typed and tested)."""

from many_tenants import declare_from_csv

declare_from_csv()
