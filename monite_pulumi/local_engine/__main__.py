"""``python -m monite_pulumi.local_engine``: the same as ``monite-local-engine``."""

from monite_pulumi._commands import local_engine

local_engine()
