"""The protocol-neutral side of every resource: what it is (``declaration``) and its declarations.

Both faces read from here: the dynamic resources and providers (``resources``, ``providers``) and
the native provider ``monite`` (``native``). Nothing here imports Pulumi's dynamic or provider
machinery, httpx or pydantic: the program process imports it through the resource classes.
"""

__all__: list[str] = []
