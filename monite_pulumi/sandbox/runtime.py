"""Everything one running sandbox shares between its API, its middleware and its control API."""

from __future__ import annotations

from dataclasses import dataclass, field

from monite_pulumi.sandbox.faults import FaultRules, LateRequests
from monite_pulumi.sandbox.options import SandboxOptions
from monite_pulumi.sandbox.ratelimit import RateLimiter
from monite_pulumi.sandbox.requestlog import RequestLog
from monite_pulumi.sandbox.state import Backend
from monite_pulumi.sandbox.webhook_delivery import WebhookDispatcher


@dataclass
class Runtime:
    options: SandboxOptions
    backend: Backend
    faults: FaultRules
    limiter: RateLimiter
    log: RequestLog
    webhook_deliveries: WebhookDispatcher
    late: LateRequests = field(default_factory=LateRequests)

    def reset(self) -> None:
        """Forget every object, token, fault, log entry, webhook delivery and late request;
        partners and settings stay."""
        self.late.reset()
        self.backend.reset()
        self.faults.clear()
        self.log.clear()
        self.limiter.clear()
        self.webhook_deliveries.clear()
