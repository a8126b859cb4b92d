"""Fail naming the tenants whose accounting connection was revoked, is still pending, or is
pending replacement (a reconnect whose create failed).

Run after `pulumi refresh`:  pulumi stack export | python drift_check.py -
or for several stacks at once (the shards), reported per stack:
  python drift_check.py exports/shard-0-of-2.json exports/shard-1-of-2.json
Judges by status and errors only (Monite's daily sync moves `last_pull` and `updated_at`) and
never prints a connection_url. The logic lives in `monite_pulumi.platform.drift`.
"""

from monite_pulumi.platform.drift import main

if __name__ == "__main__":
    raise SystemExit(main())
