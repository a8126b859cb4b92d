"""The native provider ``monite`` run from source (``pulumi package add ./provider``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monite_pulumi.native import main

main()
