"""A Pulumi program declaring connections with and without the user's own options.

Copied as ``__main__.py`` into a temporary project and run under mocks by the secrets test.
"""

from __future__ import annotations

import pulumi

from monite_pulumi import AccountingConnection, AccountingConnectionArgs, Product, ProductArgs

ENTITY_ID = "3f0c6a52-8f7e-4d0b-9d7e-1d2b3c4d5e6f"

hour = Product("hour", ProductArgs(entity_id=ENTITY_ID, name="Consulting hour"))
AccountingConnection("plain", AccountingConnectionArgs(entity_id=ENTITY_ID))
AccountingConnection(
    "with-options",
    AccountingConnectionArgs(entity_id=ENTITY_ID, require_product_catalog=True),
    opts=pulumi.ResourceOptions(
        depends_on=[hour], protect=True, additional_secret_outputs=["status"]
    ),
)
