"""``python -m monite_pulumi.native <engine address>``: the plugin, as from source."""

from monite_pulumi.native import main

main()
