"""Everything one running sandbox shares between its API, its middleware and its control API."""

from __future__ import annotations

from dataclasses import dataclass

from monite_pulumi.sandbox.faults import FaultRules
from monite_pulumi.sandbox.options import SandboxOptions
from monite_pulumi.sandbox.ratelimit import RateLimiter
from monite_pulumi.sandbox.requestlog import RequestLog
from monite_pulumi.sandbox.state import Backend


@dataclass
class Runtime:
    options: SandboxOptions
    backend: Backend
    faults: FaultRules
    limiter: RateLimiter
    log: RequestLog

    def reset(self) -> None:
        """Forget every object, token, fault and log entry; partners and settings stay."""
        self.backend.reset()
        self.faults.clear()
        self.log.clear()
        self.limiter.clear()
