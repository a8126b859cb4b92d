"""``python -m monite_pulumi.local_engine``: the same as ``monite-local-engine``."""

import sys

from monite_pulumi.local_engine.cli import main

sys.exit(main())
