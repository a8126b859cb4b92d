"""Undo a create whose follow-up calls failed, so no object is left that no state knows about.

The engine records nothing for a create that raises (notes: "Engine bookkeeping"), so an object
made by the POST and then left half-configured (a webhook subscription still enabled when
``enabled=False`` was asked, or with a secret nobody has) would be invisible to every stack and
would be made again by the next ``up``. Entity's create deactivates for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from monite_pulumi._logging import get_logger
from monite_pulumi.errors import MoniteError, NotFoundError
from monite_pulumi.providers._messages import ResourceError, describe_error

__all__ = ["undone_on_failure"]

_LOG = get_logger("monite_pulumi.providers")


@contextmanager
def undone_on_failure(
    undo: Callable[[], object], *, label: str, object_id: str, undone: str, by_hand: str
) -> Iterator[None]:
    """Run the block; on a Monite error, ``undo`` and raise a message saying what is left.

    ``undone`` completes "The <label> was created, but ..." when ``undo`` worked (or the object
    is gone already), ``by_hand`` when it failed too.
    """
    try:
        yield
    except MoniteError as error:
        cleanup = undone
        try:
            undo()
        except NotFoundError:
            pass
        except MoniteError as undo_error:
            _LOG.warning(
                "undoing the create of Monite %s %s failed: %s", label, object_id, undo_error
            )
            cleanup = by_hand
        detail = describe_error(error, action="finish creating", label=label, object_id=object_id)
        raise ResourceError(f"{detail} The {label} was created, but {cleanup}.") from None
