"""`MoniteClient`: typed, retried, paced calls to the Monite API over one `httpx.Client`."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from monite_pulumi._logging import get_logger
from monite_pulumi._version import __version__
from monite_pulumi.client._auth import MoniteAuth, TokenCache
from monite_pulumi.client._clock import Clock, SystemClock
from monite_pulumi.client._fingerprint import SecretFingerprint
from monite_pulumi.client._ratelimit import DEFAULT_429_PAUSE_SECONDS, RateLimiter
from monite_pulumi.client._responses import error_for, parse_model
from monite_pulumi.client._retry import Retryable, retrying
from monite_pulumi.client._shared import SharedState, shared_state
from monite_pulumi.client._transport import NOT_BEFORE, InstrumentedTransport
from monite_pulumi.client.models import (
    AccessTokenResponse,
    AccountingConnectionList,
    AccountingConnectionResponse,
    AccountingMessageResponse,
    CreateEntityRequest,
    CreateWebhookSubscriptionRequest,
    EntityPaginationResponse,
    EntityResponse,
    EntityUpdateVatID,
    EntityVatID,
    EntityVatIDResourceList,
    EntityVatIDResponse,
    ObtainTokenPayload,
    PartnerMetadata,
    PartnerMetadataResponse,
    PatchSettingsPayload,
    ProductServicePaginationResponse,
    ProductServiceRequest,
    ProductServiceResponse,
    ProductServiceUpdate,
    SettingsResponse,
    UnitListResponse,
    UnitRequest,
    UnitResponse,
    UnitUpdate,
    UpdateEntityRequest,
    UpdateWebhookSubscriptionRequest,
    WebhookSubscriptionPaginationResource,
    WebhookSubscriptionResource,
    WebhookSubscriptionResourceWithSecret,
)
from monite_pulumi.config import Settings, how_to_set
from monite_pulumi.errors import (
    AuthenticationError,
    MoniteError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnknownOutcomeError,
)

__all__ = ["USER_AGENT", "MoniteClient"]

USER_AGENT = f"monite-pulumi/{__version__}"
_log = get_logger("monite_pulumi.client")
Model = TypeVar("Model", bound=pydantic.BaseModel)
# "safe": repeating it cannot create a second object. "create": it can, so it is repeated only
# when it provably never reached Monite (connect error) or was refused with a 429.
Kind = Literal["safe", "create"]
_RETRIED_STATUSES = frozenset({502, 503, 504})
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_SHORTEST_TIMEOUT = 0.05


@dataclass(frozen=True)
class _Call:
    method: str
    path: str
    kind: Kind = "safe"
    entity_id: str | None = None
    body: dict[str, Any] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    authenticated: bool = True


@dataclass(frozen=True)
class _Session:
    """What a client needs once its credentials are known: the shared state and whose they are."""

    state: SharedState
    fingerprint: SecretFingerprint = field(repr=False)


def _request_of(error: MoniteError) -> dict[str, Any]:
    """The request an error was about, to carry it over to a reworded error."""
    return {
        "status": error.status,
        "method": error.method,
        "path": error.path,
        "request_id": error.request_id,
    }


def _segment(value: str) -> str:
    return quote(str(value), safe="")


def _query(**filters: Any) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in filters.items()
        if value is not None
    }


class MoniteClient:
    """Sync Monite client. Thread-safe; tokens and pacing are shared per (api url, client id).

    Nothing here needs credentials until the first HTTP call, which raises
    `ConfigurationError` if they are missing.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        self._clock: Clock = clock or SystemClock()
        self._session: _Session | None = None
        self._state_lock = threading.Lock()
        self._auth = MoniteAuth(self._token_cache, self._fetch_token, self._secret_fingerprint)
        inner = transport or httpx.HTTPTransport(retries=0)
        self._http = httpx.Client(
            base_url=settings.api_url + "/",
            transport=InstrumentedTransport(inner, self._limiter, self._clock, self._auth),
            timeout=httpx.Timeout(
                settings.read_timeout,
                connect=settings.connect_timeout,
                pool=settings.connect_timeout,
            ),
            headers={
                "X-Monite-Version": settings.api_version,
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"MoniteClient(api_url={self.settings.api_url!r})"

    def __enter__(self) -> MoniteClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- shared state, credentials and the token ---------------------------------------------

    def _credentials_checked(self) -> _Session:
        with self._state_lock:
            if self._session is None:
                client_id, secret = self.settings.require_credentials()
                store = self.settings.rate_limit_store
                state = shared_state(
                    self.settings.api_url,
                    client_id,
                    rate=self.settings.max_requests_per_second,
                    clock=self._clock,
                    store_url=store.get_secret_value() if store is not None else None,
                )
                self._session = _Session(state, SecretFingerprint(secret))
            return self._session

    def _shared(self) -> SharedState:
        return self._credentials_checked().state

    def _limiter(self) -> RateLimiter:
        return self._shared().limiter

    def _token_cache(self) -> TokenCache:
        return self._shared().tokens

    def _secret_fingerprint(self) -> SecretFingerprint:
        return self._credentials_checked().fingerprint

    def _fetch_token(self) -> AccessTokenResponse:
        client_id, secret = self.settings.require_credentials()
        payload = ObtainTokenPayload(client_id=client_id, client_secret=secret)
        call = _Call("POST", "auth/token", body=payload.to_body(), authenticated=False)
        try:
            response = self._send(call)
        except AuthenticationError as refused:
            raise AuthenticationError(
                f"Monite refused the client credentials ({refused.message}); set the right "
                f"client secret with {how_to_set('client_secret')}, and check the client id "
                f"({how_to_set('client_id')}) and monite:environment / monite:apiUrl",
                **_request_of(refused),
            ) from None
        return parse_model(AccessTokenResponse, response, call.method, "/auth/token")

    # -- one call: attempts, classification, retries -------------------------------------------

    def _send(self, call: _Call) -> httpx.Response:
        limiter = self._shared().limiter  # credentials are checked before anything goes out
        deadline_at = self._clock.monotonic() + self.settings.deadline
        not_before = 0.0  # a 429's Retry-After: when the refused request may go again

        def pause_remaining() -> float:
            return max(limiter.pause_remaining(), not_before - self._clock.monotonic())

        controller = retrying(
            max_attempts=self.settings.max_attempts,
            deadline_at=deadline_at,
            clock=self._clock,
            pause_remaining=pause_remaining,
        )
        try:
            for attempt in controller:
                with attempt:
                    number = attempt.retry_state.attempt_number
                    try:
                        return self._attempt(call, number, deadline_at, not_before)
                    except Retryable as failure:
                        if isinstance(failure.error, RateLimitedError):
                            hint = failure.error.retry_after
                            wait = DEFAULT_429_PAUSE_SECONDS if hint is None else hint
                            not_before = self._clock.monotonic() + wait
                        raise
        except Retryable as failure:
            if isinstance(failure.error, RateLimitedError):
                raise self._rate_limited_until_deadline(failure.error) from None
            raise failure.error from None
        raise AssertionError("tenacity ended without a result or an error")  # pragma: no cover

    def _rate_limited_until_deadline(self, refused: RateLimitedError) -> RateLimitedError:
        """Only the deadline ends a run of 429s: say so, and what would make room."""
        return RateLimitedError(
            f"Monite's rate limit refused this request (429) until the call's deadline of "
            f"{self.settings.deadline:g} s ran out: more requests are made on this client id "
            "than its limit allows. Run fewer stacks at once on it, give them one shared budget "
            f"with {how_to_set('rate_limit_store')}, or lower monite:maxRequestsPerSecond "
            f"({how_to_set('max_requests_per_second')})",
            retry_after=refused.retry_after,
            **_request_of(refused),
        )

    def _timeout(self, deadline_at: float) -> httpx.Timeout:
        """The configured timeouts, cut to what is left of the call's deadline.

        Without the cut, one attempt against a Monite that stopped answering would wait the
        whole read timeout (30 s by default) whatever the deadline says.
        """
        left = max(deadline_at - self._clock.monotonic(), _SHORTEST_TIMEOUT)
        connect = min(self.settings.connect_timeout, left)
        return httpx.Timeout(min(self.settings.read_timeout, left), connect=connect, pool=connect)

    def _attempt(
        self, call: _Call, number: int, deadline_at: float, not_before: float
    ) -> httpx.Response:
        shown_path = "/" + call.path
        headers = {"X-Monite-Entity-Id": call.entity_id} if call.entity_id else {}
        request = self._http.build_request(
            call.method,
            call.path,
            json=call.body,
            params=dict(call.params) or None,
            headers=headers,
            extensions={"monite_attempt": number, NOT_BEFORE: not_before},
            timeout=self._timeout(deadline_at),
        )
        started_at = self._clock.now()
        try:
            response = self._http.send(request, auth=self._auth if call.authenticated else None)
        except _NEVER_SENT as exc:
            raise Retryable(self._transport_error(exc, call, shown_path)) from None
        except httpx.TransportError as exc:
            if call.kind == "create":
                raise UnknownOutcomeError(
                    f"the answer was lost ({type(exc).__name__}); the object may have been "
                    "created: look for it before creating again",
                    attempt_started_at=started_at,
                    method=call.method,
                    path=shown_path,
                ) from None
            raise Retryable(self._transport_error(exc, call, shown_path)) from None
        if response.is_success:
            return response
        error = error_for(response, call.method, shown_path)
        if isinstance(error, RateLimitedError):
            raise Retryable(error)
        if call.kind == "create" and isinstance(error, ServerError):
            raise UnknownOutcomeError(
                f"Monite failed while creating ({error.message}); the object may have been "
                "created: look for it before creating again",
                attempt_started_at=started_at,
                status=error.status,
                method=error.method,
                path=error.path,
                request_id=error.request_id,
            )
        if response.status_code in _RETRIED_STATUSES:
            raise Retryable(error)
        raise error

    @staticmethod
    def _transport_error(exc: httpx.HTTPError, call: _Call, path: str) -> MoniteError:
        return TransportError(
            f"no answer from Monite ({type(exc).__name__})", method=call.method, path=path
        )

    def _call(self, model: type[Model], call: _Call) -> Model:
        return parse_model(model, self._send(call), call.method, "/" + call.path)

    def _call_no_content(self, call: _Call) -> None:
        self._send(call)

    def _pages(self, model: type[Any], call: _Call) -> Iterator[Any]:
        """Yield every item of a cursor-paged list, following `next_pagination_token`."""
        page_call = call
        while True:
            page = self._call(model, page_call)
            yield from page.data
            token = page.next_pagination_token
            if not token:
                return
            # Monite infers every other filter from the token.
            page_call = _Call(
                call.method, call.path, entity_id=call.entity_id, params={"pagination_token": token}
            )

    # -- entities ---------------------------------------------------------------------------

    def create_entity(self, body: CreateEntityRequest) -> EntityResponse:
        return self._call(EntityResponse, _Call("POST", "entities", "create", body=body.to_body()))

    def get_entity(self, entity_id: str) -> EntityResponse:
        return self._call(EntityResponse, _Call("GET", f"entities/{_segment(entity_id)}"))

    def update_entity(self, entity_id: str, body: UpdateEntityRequest) -> EntityResponse:
        path = f"entities/{_segment(entity_id)}"
        return self._call(EntityResponse, _Call("PATCH", path, body=body.to_body()))

    def list_entities(
        self,
        *,
        email: str | None = None,
        email__in: Sequence[str] | None = None,
        id__in: Sequence[str] | None = None,
        status: str | None = None,
        type: str | None = None,
        created_at__gte: datetime | str | None = None,
        limit: int = 100,
    ) -> Iterator[EntityResponse]:
        params = _query(
            email=email,
            email__in=list(email__in) if email__in is not None else None,
            id__in=list(id__in) if id__in is not None else None,
            status=status,
            type=type,
            created_at__gte=created_at__gte,
            limit=limit,
        )
        items: Iterator[EntityResponse] = self._pages(
            EntityPaginationResponse, _Call("GET", "entities", params=params)
        )
        return items

    def activate_entity(self, entity_id: str) -> EntityResponse:
        path = f"entities/{_segment(entity_id)}/activate"
        return self._call(EntityResponse, _Call("POST", path))

    def deactivate_entity(self, entity_id: str) -> EntityResponse:
        path = f"entities/{_segment(entity_id)}/deactivate"
        return self._call(EntityResponse, _Call("POST", path))

    def get_partner_metadata(self, entity_id: str) -> dict[str, Any]:
        path = f"entities/{_segment(entity_id)}/partner_metadata"
        return self._call(PartnerMetadataResponse, _Call("GET", path)).metadata or {}

    def put_partner_metadata(self, entity_id: str, metadata: dict[str, Any]) -> dict[str, Any]:
        path = f"entities/{_segment(entity_id)}/partner_metadata"
        body = PartnerMetadata(metadata=metadata).to_body()
        return self._call(PartnerMetadataResponse, _Call("PUT", path, body=body)).metadata or {}

    def get_entity_settings(self, entity_id: str) -> SettingsResponse:
        path = f"entities/{_segment(entity_id)}/settings"
        return self._call(SettingsResponse, _Call("GET", path))

    def update_entity_settings(
        self, entity_id: str, body: PatchSettingsPayload
    ) -> SettingsResponse:
        path = f"entities/{_segment(entity_id)}/settings"
        return self._call(SettingsResponse, _Call("PATCH", path, body=body.to_body()))

    def list_entity_vat_ids(self, entity_id: str) -> list[EntityVatIDResponse]:
        path = f"entities/{_segment(entity_id)}/vat_ids"
        return self._call(EntityVatIDResourceList, _Call("GET", path)).data

    def create_entity_vat_id(self, entity_id: str, body: EntityVatID) -> EntityVatIDResponse:
        path = f"entities/{_segment(entity_id)}/vat_ids"
        return self._call(EntityVatIDResponse, _Call("POST", path, "create", body=body.to_body()))

    def get_entity_vat_id(self, entity_id: str, vat_id: str) -> EntityVatIDResponse:
        path = f"entities/{_segment(entity_id)}/vat_ids/{_segment(vat_id)}"
        return self._call(EntityVatIDResponse, _Call("GET", path))

    def update_entity_vat_id(
        self, entity_id: str, vat_id: str, body: EntityUpdateVatID
    ) -> EntityVatIDResponse:
        path = f"entities/{_segment(entity_id)}/vat_ids/{_segment(vat_id)}"
        return self._call(EntityVatIDResponse, _Call("PATCH", path, body=body.to_body()))

    def delete_entity_vat_id(self, entity_id: str, vat_id: str) -> None:
        path = f"entities/{_segment(entity_id)}/vat_ids/{_segment(vat_id)}"
        self._call_no_content(_Call("DELETE", path))

    # -- products and measure units (entity level) ------------------------------------------

    def create_product(self, entity_id: str, body: ProductServiceRequest) -> ProductServiceResponse:
        call = _Call("POST", "products", "create", entity_id=entity_id, body=body.to_body())
        return self._call(ProductServiceResponse, call)

    def get_product(self, entity_id: str, product_id: str) -> ProductServiceResponse:
        call = _Call("GET", f"products/{_segment(product_id)}", entity_id=entity_id)
        return self._call(ProductServiceResponse, call)

    def update_product(
        self, entity_id: str, product_id: str, body: ProductServiceUpdate
    ) -> ProductServiceResponse:
        path = f"products/{_segment(product_id)}"
        call = _Call("PATCH", path, entity_id=entity_id, body=body.to_body())
        return self._call(ProductServiceResponse, call)

    def delete_product(self, entity_id: str, product_id: str) -> None:
        self._call_no_content(
            _Call("DELETE", f"products/{_segment(product_id)}", entity_id=entity_id)
        )

    def list_products(
        self,
        entity_id: str,
        *,
        name: str | None = None,
        type: str | None = None,
        currency: str | None = None,
        created_at__gte: datetime | str | None = None,
        limit: int = 100,
    ) -> Iterator[ProductServiceResponse]:
        params = _query(
            name=name, type=type, currency=currency, created_at__gte=created_at__gte, limit=limit
        )
        items: Iterator[ProductServiceResponse] = self._pages(
            ProductServicePaginationResponse,
            _Call("GET", "products", entity_id=entity_id, params=params),
        )
        return items

    def create_measure_unit(self, entity_id: str, body: UnitRequest) -> UnitResponse:
        call = _Call("POST", "measure_units", "create", entity_id=entity_id, body=body.to_body())
        return self._call(UnitResponse, call)

    def get_measure_unit(self, entity_id: str, unit_id: str) -> UnitResponse:
        call = _Call("GET", f"measure_units/{_segment(unit_id)}", entity_id=entity_id)
        return self._call(UnitResponse, call)

    def update_measure_unit(self, entity_id: str, unit_id: str, body: UnitUpdate) -> UnitResponse:
        path = f"measure_units/{_segment(unit_id)}"
        call = _Call("PATCH", path, entity_id=entity_id, body=body.to_body())
        return self._call(UnitResponse, call)

    def delete_measure_unit(self, entity_id: str, unit_id: str) -> None:
        self._call_no_content(
            _Call("DELETE", f"measure_units/{_segment(unit_id)}", entity_id=entity_id)
        )

    def list_measure_units(self, entity_id: str) -> list[UnitResponse]:
        call = _Call("GET", "measure_units", entity_id=entity_id)
        return self._call(UnitListResponse, call).data

    # -- accounting connections (entity level) ----------------------------------------------

    def create_accounting_connection(self, entity_id: str) -> AccountingConnectionResponse:
        call = _Call("POST", "accounting_connections", "create", entity_id=entity_id)
        return self._call(AccountingConnectionResponse, call)

    def get_accounting_connection(
        self, entity_id: str, connection_id: str
    ) -> AccountingConnectionResponse:
        path = f"accounting_connections/{_segment(connection_id)}"
        return self._call(AccountingConnectionResponse, _Call("GET", path, entity_id=entity_id))

    def list_accounting_connections(self, entity_id: str) -> list[AccountingConnectionResponse]:
        call = _Call("GET", "accounting_connections", entity_id=entity_id)
        return self._call(AccountingConnectionList, call).data

    def disconnect_accounting_connection(
        self, entity_id: str, connection_id: str
    ) -> AccountingConnectionResponse:
        path = f"accounting_connections/{_segment(connection_id)}/disconnect"
        return self._call(AccountingConnectionResponse, _Call("POST", path, entity_id=entity_id))

    def sync_accounting_connection(
        self, entity_id: str, connection_id: str
    ) -> AccountingMessageResponse:
        path = f"accounting_connections/{_segment(connection_id)}/sync"
        return self._call(AccountingMessageResponse, _Call("POST", path, entity_id=entity_id))

    # -- webhook subscriptions (partner level) ----------------------------------------------

    def create_webhook_subscription(
        self, body: CreateWebhookSubscriptionRequest
    ) -> WebhookSubscriptionResourceWithSecret:
        call = _Call("POST", "webhook_subscriptions", "create", body=body.to_body())
        return self._call(WebhookSubscriptionResourceWithSecret, call)

    def get_webhook_subscription(self, subscription_id: str) -> WebhookSubscriptionResource:
        path = f"webhook_subscriptions/{_segment(subscription_id)}"
        return self._call(WebhookSubscriptionResource, _Call("GET", path))

    def update_webhook_subscription(
        self, subscription_id: str, body: UpdateWebhookSubscriptionRequest
    ) -> WebhookSubscriptionResource:
        path = f"webhook_subscriptions/{_segment(subscription_id)}"
        return self._call(WebhookSubscriptionResource, _Call("PATCH", path, body=body.to_body()))

    def delete_webhook_subscription(self, subscription_id: str) -> None:
        self._call_no_content(_Call("DELETE", f"webhook_subscriptions/{_segment(subscription_id)}"))

    def list_webhook_subscriptions(
        self,
        *,
        object_type: str | None = None,
        created_at__gte: datetime | str | None = None,
        limit: int = 100,
    ) -> Iterator[WebhookSubscriptionResource]:
        params = _query(object_type=object_type, created_at__gte=created_at__gte, limit=limit)
        items: Iterator[WebhookSubscriptionResource] = self._pages(
            WebhookSubscriptionPaginationResource,
            _Call("GET", "webhook_subscriptions", params=params),
        )
        return items

    def enable_webhook_subscription(self, subscription_id: str) -> WebhookSubscriptionResource:
        path = f"webhook_subscriptions/{_segment(subscription_id)}/enable"
        return self._call(WebhookSubscriptionResource, _Call("POST", path))

    def disable_webhook_subscription(self, subscription_id: str) -> WebhookSubscriptionResource:
        path = f"webhook_subscriptions/{_segment(subscription_id)}/disable"
        return self._call(WebhookSubscriptionResource, _Call("POST", path))

    def regenerate_webhook_subscription_secret(
        self, subscription_id: str
    ) -> WebhookSubscriptionResourceWithSecret:
        path = f"webhook_subscriptions/{_segment(subscription_id)}/regenerate_secret"
        return self._call(WebhookSubscriptionResourceWithSecret, _Call("POST", path))
