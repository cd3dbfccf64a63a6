"""The access log: who saw, listed, exported or was refused which personal data.

Pages are logged by one decorator (:func:`logged`) and the API by one mixin
(:class:`ApiAccessLogged`), never by hand in a view: a record page logs the record its URL
names, a list page the number of names it showed, and an attempt answered 403 or 404 the
path and record tried. Rule back-tests are logged by their selector, exports of a purpose by
the decorator with the purpose given. Each entry names its record by kind and id with the
label it had when seen; masking a traveller rewrites the labels and purposes that name them
(:func:`mask_entries`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.response import Response

from aegis.core.models import User
from aegis.travel.models import (
    AccessLog,
    Booking,
    Case,
    Flight,
    Referral,
    Rule,
    TravelDocument,
    Traveller,
)

__all__ = [
    "ApiAccessLogged",
    "Kind",
    "entry_links",
    "logged",
    "mask_entries",
    "record",
    "record_label",
]

Kind = AccessLog.RecordKind
View = TypeVar("View", bound=Callable[..., HttpResponse])
REFUSED_STATUSES = frozenset({403, 404})
MASK = "•••"


def record(
    *,
    user: User,
    action: str,
    what: str,
    kind: str = "",
    object_id: object = "",
    label: str | None = None,
    count: int | None = None,
    purpose: str = "",
    path: str = "",
) -> AccessLog:
    """Write one entry; the label is read from the record when not given."""
    object_id = "" if object_id is None else str(object_id)
    if label is None:
        label = record_label(kind, object_id)
    entry = AccessLog(
        user=user,
        action=action,
        what=what[:50],
        record_kind=kind,
        object_id=object_id[:40],
        label=label[:300],
        count=count,
        purpose=purpose.strip(),
        path=path[:300],
    )
    entry.full_clean(exclude=["user"])  # the signed-in user: no query to know they exist
    entry.save()
    return entry


def record_label(kind: str, object_id: object) -> str:
    """What the record is called now ("" when there is no such record)."""
    text = str(object_id)
    if not kind or not text.isdigit() or int(text) > 2**63 - 1:
        return ""
    pk = int(text)
    if kind == Kind.FLIGHT:
        flight = Flight.objects.select_related("carrier").filter(pk=pk).first()
        return str(flight) if flight else ""
    if kind == Kind.TRAVELLER:
        traveller = Traveller.objects.select_related("flight__carrier").filter(pk=pk).first()
        return f"{traveller} ({traveller.flight})" if traveller else ""
    if kind == Kind.BOOKING:
        booking = Booking.objects.select_related("carrier").filter(pk=pk).first()
        return str(booking) if booking else ""
    if kind == Kind.CASE:
        case = Case.objects.select_related("traveller").filter(pk=pk).first()
        return f"Case {case}" if case else ""
    if kind == Kind.REFERRAL:
        referral = Referral.objects.select_related("agency", "case__traveller").filter(pk=pk)
        found = referral.first()
        return f"Referral of case {found.case} to {found.agency}" if found else ""
    if kind == Kind.RULE:
        return Rule.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
    return ""


def _user(request: HttpRequest | Request) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


def logged(
    what: str,
    *,
    kind: str = "",
    action: str = AccessLog.Action.VIEW,
    on_success: bool = True,
    purpose_field: str = "",
) -> Callable[[View], View]:
    """Log each use of a page (place it above ``piu_page``, so its refusals count too).

    ``kind``: the page shows the record its URL argument ``pk`` names. A page whose
    template context has a ``page_obj`` is a list: logged as such, with the number of rows
    shown. ``on_success=False``: only refused attempts are logged (forms that write).
    ``purpose_field``: the POST field holding the stated purpose (exports). An attempt
    refused with 403 or 404 (raised or answered) is logged as refused, whoever asked.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            object_id = kwargs.get("pk", "")
            try:
                response = view(request, *args, **kwargs)
            except (PermissionDenied, Http404):
                _refused(request, what, kind, object_id)
                raise
            if response.status_code in REFUSED_STATUSES:
                _refused(request, what, kind, object_id)
            elif on_success and response.status_code == 200:
                user = _user(request)
                if user is not None:
                    page = (getattr(response, "context_data", None) or {}).get("page_obj")
                    record(
                        user=user,
                        action=AccessLog.Action.LIST if page is not None else action,
                        what=what,
                        kind=kind,
                        object_id=object_id,
                        count=len(page) if page is not None else None,
                        purpose=request.POST.get(purpose_field, "") if purpose_field else "",
                        path=request.get_full_path(),
                    )
            return response

        return cast(View, wrapped)

    return decorate


def _refused(request: HttpRequest | Request, what: str, kind: str, object_id: object) -> None:
    user = _user(request)
    if user is None:  # not signed in: the sign-in page answers, nothing was tried
        return
    record(
        user=user,
        action=AccessLog.Action.REFUSED,
        what=what,
        kind=kind,
        object_id=object_id,
        path=request.get_full_path(),
    )


class ApiAccessLogged:
    """For a DRF view set of PIU records: logs ``retrieve`` as a view of the record, ``list``
    with the number of rows answered, and any 403 or 404 as refused.

    ``access_what`` and ``access_kind`` name the records; ``access_actions`` the actions
    logged when they succeed (the others, which write, are logged only when refused).
    """

    access_what: str = ""
    access_kind: str = ""
    access_actions: Sequence[str] = ("list", "retrieve")

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        final: Response = super().finalize_response(  # type: ignore[misc]
            request, response, *args, **kwargs
        )
        action = getattr(self, "action", None)
        if getattr(self, "swagger_fake_view", False) or action is None:
            return final
        object_id = kwargs.get("pk", "")
        kind = self.access_kind if object_id else ""
        what = self.access_what if object_id else f"{self.access_what} list"
        if final.status_code in REFUSED_STATUSES:
            _refused(request, what, kind, object_id)
        elif final.status_code == 200 and action in self.access_actions:
            user = _user(request)
            if user is not None:
                rows = final.data.get("results") if isinstance(final.data, dict) else None
                record(
                    user=user,
                    action=AccessLog.Action.LIST if action == "list" else AccessLog.Action.VIEW,
                    what=what,
                    kind=kind,
                    object_id=object_id,
                    count=len(rows) if isinstance(rows, list) else None,
                    path=request.get_full_path(),
                )
        return final


_URL_OF: dict[str, str] = {
    Kind.FLIGHT: "travel:flight",
    Kind.TRAVELLER: "travel:traveller",
    Kind.BOOKING: "travel:booking",
    Kind.CASE: "travel:case",
    Kind.RULE: "travel:rule",
}
_MODEL_OF: dict[str, Any] = {
    Kind.FLIGHT: Flight,
    Kind.TRAVELLER: Traveller,
    Kind.BOOKING: Booking,
    Kind.CASE: Case,
    Kind.RULE: Rule,
}


def entry_links(entries: Iterable[AccessLog]) -> dict[int, str]:
    """The address of each entry's record that still exists, by entry id (one query a kind);
    a referral links to its case."""
    entries = list(entries)
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.record_kind and entry.object_id.isdigit():
            wanted.setdefault(entry.record_kind, set()).add(int(entry.object_id))
    found: dict[tuple[str, int], str] = {}
    for kind, pks in wanted.items():
        if kind == Kind.REFERRAL:
            for pk, case_id in Referral.objects.filter(pk__in=pks).values_list("pk", "case_id"):
                found[(kind, pk)] = reverse("travel:case", args=[case_id])
        elif kind in _MODEL_OF:
            for pk in _MODEL_OF[kind].objects.filter(pk__in=pks).values_list("pk", flat=True):
                found[(kind, pk)] = reverse(_URL_OF[kind], args=[pk])
    links = {}
    for entry in entries:
        if entry.record_kind and entry.object_id.isdigit():
            address = found.get((entry.record_kind, int(entry.object_id)))
            if address:
                links[entry.pk] = address
    return links


# ----------------------------------------------------------------------------- masking

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d%b%y", "%y%m%d")


def _values_of(
    traveller: Traveller, documents: Sequence[TravelDocument], identifiers: Sequence[str]
) -> list[str]:
    values = [traveller.surname, *traveller.given_names.split()]
    born: dt.date | None = traveller.date_of_birth
    if born is not None:
        values += [born.strftime(fmt) for fmt in _DATE_FORMATS]
    values += [document.number for document in documents]
    values += list(identifiers)
    # Longest first, so that a name inside a longer value goes with it.
    return sorted({v for v in values if len(v.strip()) >= 2 and MASK not in v}, key=len)[::-1]


def mask_text(text: str, values: Sequence[str]) -> str:
    """``text`` with every whole-word occurrence of ``values`` (any case) replaced by •••."""
    if not text or not values:
        return text
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(v.strip()) for v in values) + r")(?!\w)",
        re.IGNORECASE,
    )
    return pattern.sub(MASK, text)


def mask_entries(
    traveller: Traveller,
    *,
    documents: Sequence[TravelDocument],
    identifiers: Sequence[str] = (),
) -> int:
    """Before ``traveller`` is masked: take their name, date of birth, document numbers and
    contacts out of the labels and purposes of the entries about their records (themselves,
    their case and its referrals, their flight, their booking). Returns the entries changed."""
    values = _values_of(traveller, documents, identifiers)
    if not values:
        return 0
    records = [(Kind.TRAVELLER, traveller.pk), (Kind.FLIGHT, traveller.flight_id)]
    if traveller.booking_id is not None:
        records.append((Kind.BOOKING, traveller.booking_id))
    case_id = Case.objects.filter(traveller=traveller).values_list("pk", flat=True).first()
    if case_id is not None:
        records.append((Kind.CASE, case_id))
        records += [
            (Kind.REFERRAL, pk)
            for pk in Referral.objects.filter(case_id=case_id).values_list("pk", flat=True)
        ]
    changed = 0
    for kind, pk in records:
        for entry_pk, label, purpose in AccessLog.objects.filter(
            record_kind=kind, object_id=str(pk)
        ).values_list("pk", "label", "purpose"):
            new_label, new_purpose = mask_text(label, values), mask_text(purpose, values)
            if (new_label, new_purpose) != (label, purpose):
                AccessLog.objects.filter(pk=entry_pk).update(label=new_label, purpose=new_purpose)
                changed += 1
    return changed
