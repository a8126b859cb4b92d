"""Pulumi dynamic providers: translate engine calls into Monite client calls.

Their import paths are pickled into every stack's state (``__provider``): never move them.
"""

from monite_pulumi.providers.entity import EntityProvider
from monite_pulumi.providers.product import ProductProvider

__all__ = ["EntityProvider", "ProductProvider"]
