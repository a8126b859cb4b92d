"""Cursor paging as Monite does it: the token carries the whole initial query.

"If `pagination_token` is specified, all other query parameters are ignored and inferred from
the initial query" (the spec, on every paged list).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monite_pulumi.sandbox.errors import BadRequestError
from monite_pulumi.sandbox.state.clock import parse_iso
from monite_pulumi.sandbox.store import Document

Query = dict[str, Any]


@dataclass(frozen=True)
class Page:
    data: list[Document]
    next_pagination_token: str | None
    prev_pagination_token: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "next_pagination_token": self.next_pagination_token,
            "prev_pagination_token": self.prev_pagination_token,
        }


def encode_token(query: Query, offset: int) -> str:
    raw = json.dumps({"q": query, "o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> tuple[Query, int]:
    """The initial query and the offset a token stands for; 400 for a token we never issued."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        decoded = json.loads(raw)
        query, offset = decoded["q"], decoded["o"]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise BadRequestError("Invalid pagination_token") from exc
    if not isinstance(query, dict) or not isinstance(offset, int) or offset < 0:
        raise BadRequestError("Invalid pagination_token")
    return query, offset


def paginate(items: list[Document], query: Query, offset: int) -> Page:
    """One page of `items` (already filtered and sorted) for `query["limit"]`."""
    limit = int(query.get("limit") or 100)
    data = items[offset : offset + limit]
    following = offset + limit
    return Page(
        data=data,
        next_pagination_token=encode_token(query, following) if following < len(items) else None,
        prev_pagination_token=encode_token(query, max(0, offset - limit)) if offset > 0 else None,
    )


def sort_documents(items: list[Document], field: str | None, order: str | None) -> list[Document]:
    """Stable sort on one field; without a field, creation order (what the store returns)."""
    if field:
        items = sorted(items, key=lambda doc: (doc.get(field) is None, doc.get(field) or ""))
    return list(reversed(items)) if order == "desc" else items


def created_between(doc: Document, query: Query) -> bool:
    """The `created_at__gt/__gte/__lt/__lte` filters every Monite list has."""
    created = parse_iso(doc["created_at"])
    bounds: list[tuple[str, Any]] = [
        ("created_at__gt", datetime.__gt__),
        ("created_at__gte", datetime.__ge__),
        ("created_at__lt", datetime.__lt__),
        ("created_at__lte", datetime.__le__),
    ]
    for name, compare in bounds:
        if query.get(name) is not None and not compare(created, parse_iso(query[name])):
            return False
    return True
