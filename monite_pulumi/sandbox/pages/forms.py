"""Reading `application/x-www-form-urlencoded` bodies with the standard library.

Starlette's `request.form()` needs `python-multipart`; these pages only ever post urlencoded
forms, which `urllib.parse` reads fine.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import Depends, Request

from monite_pulumi.sandbox.pages.problems import PageError

MAX_FORM_BYTES = 16 * 1024
_URLENCODED = "application/x-www-form-urlencoded"


async def form_fields(request: Request) -> dict[str, str]:
    """The posted fields, the first value of each; 415 for another body type, 413 if huge."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != _URLENCODED:
        raise PageError(415, "This form could not be read", "Send the form as the page does.")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise PageError(413, "This form is too large", "Send the form as the page does.")
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items()}


Form = Annotated[dict[str, str], Depends(form_fields)]
