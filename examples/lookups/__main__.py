"""Pulumi entry point; the program is in lookups_program.py, the helpers in lookup_helpers.py."""

from lookups_program import declare_catalog_for_existing_entity

declare_catalog_for_existing_entity()
