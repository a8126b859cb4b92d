"""One of K processes on one client id with the shared store: `python -m tests.client.store_worker
START REQUESTS`; settings from `MONITE_*` variables. Waits until the wall-clock time START,
makes REQUESTS reads 4 at a time, prints the number that failed."""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from monite_pulumi.client import MoniteClient
from monite_pulumi.config import resolve_settings


def main() -> None:
    start, requests = float(sys.argv[1]), int(sys.argv[2])
    failed = 0
    with MoniteClient(resolve_settings()) as client:

        def read(_: int) -> bool:
            try:
                list(client.list_entities(limit=1))
            except Exception:  # a failed read is what the test counts
                return False
            return True

        time.sleep(max(0.0, start - time.time()))
        with ThreadPoolExecutor(max_workers=4) as pool:
            failed = sum(not ok for ok in pool.map(read, range(requests)))
    print(failed, flush=True)


if __name__ == "__main__":
    main()
