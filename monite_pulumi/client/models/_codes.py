"""The spec's code lists, where the client's models have always imported them from.

They live in ``monite_pulumi._codes`` so that the tenant layer of the platform program can check
codes without importing the HTTP client.
"""

from __future__ import annotations

from monite_pulumi._codes import ALLOWED_COUNTRIES, CURRENCIES

__all__ = ["ALLOWED_COUNTRIES", "CURRENCIES"]
