"""Monite entities, product catalogs and accounting connections as Pulumi resources."""

from monite_pulumi._version import __version__

__all__ = ["__version__"]
