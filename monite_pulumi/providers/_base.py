"""The dynamic face: ``pulumi.dynamic.ResourceProvider`` calls as calls of the resource core.

A thin adapter over ``_core.ResourceCore``: it pickles by reference with no state (the class's
import path lives in every stack's state as ``__provider``), hands the stack config to the core,
and wraps the core's answers in the dynamic provider's result types. No resource logic here.
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from monite_pulumi.providers._core import PROVIDER_KEY, ResourceCore, upgrade_state

__all__ = ["PROVIDER_KEY", "MoniteProvider", "upgrade_state"]


class MoniteProvider(ResourceCore, ResourceProvider):
    """Base of every Monite dynamic provider: the core, served through ``pulumi.dynamic``."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled into every resource's state by the program: by reference, never with state.
        return (type(self), ())

    def configure(self, req: ConfigureRequest) -> None:
        self.use_config(req.config)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs, failures = self.check_inputs(olds, news)
        return CheckResult(inputs, [CheckFailure(item.property, item.reason) for item in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        plan = self.plan(_id, olds, news)
        return DiffResult(
            changes=plan.changes,
            replaces=plan.replaces,
            stables=[],
            delete_before_replace=plan.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(*self.create_object(props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        found = self.read_object(id_, props)
        return ReadResult("", {}) if found is None else ReadResult(*found)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self.update_object(_id, olds, news))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        self.delete_object(_id, props)
