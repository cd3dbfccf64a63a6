"""Typed records produced by the PAXLST and PNRGOV readers.

All records are frozen slotted dataclasses. Dates are ``datetime.date``, local
times from the messages are naive ``datetime.datetime`` (EDIFACT carries no zone),
country codes are ISO 3166-1 alpha-3 where the value could be recognised and
the raw value otherwise, amounts are ``Decimal``. ``to_dict()`` gives plain
JSON-ready values (ISO 8601 strings, lists, strings for amounts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, fields
from decimal import Decimal
from typing import Any, Literal

from paxscreen.edifact.errors import Issue

__all__ = [
    "Address",
    "Agency",
    "Amount",
    "BagTag",
    "Baggage",
    "Booking",
    "Contact",
    "FlightLeg",
    "FrequentFlyer",
    "HistoryEntry",
    "InterchangeHeader",
    "ItinerarySegment",
    "Manifest",
    "ParsedMessage",
    "Party",
    "Payment",
    "PnrPush",
    "PnrTraveller",
    "RecordLocator",
    "Reference",
    "RemovedData",
    "SeatAssignment",
    "SpecialRequest",
    "SsrAddress",
    "SsrDocument",
    "SsrOtherDocument",
    "Ticket",
    "TravelDocument",
    "Traveller",
    "TravellerKind",
    "UnmappedSegment",
    "to_jsonable",
]

TravellerKind = Literal["passenger", "crew", "in-transit passenger", "in-transit crew", "other"]


def to_jsonable(value: Any) -> Any:
    """Convert a record (or any nesting of records, tuples, dates, decimals) to JSON values."""
    if isinstance(value, Record):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Issue):
        return value.to_dict()
    return value


class Record:
    """Base of every record: gives ``to_dict()``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = to_jsonable(self)
        return result


@dataclass(frozen=True, slots=True)
class UnmappedSegment(Record):
    """A segment the reader kept but did not map to a field, with its position."""

    segment_number: int
    message_segment_number: int
    tag: str
    text: str


@dataclass(frozen=True, slots=True)
class RemovedData(Record):
    """What the data-protection filter removed, and why."""

    segment_number: int
    tag: str
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class InterchangeHeader(Record):
    """UNB (and UNG when present) of the interchange a message came in."""

    syntax_identifier: str
    syntax_version: str
    sender: str
    recipient: str
    prepared: dt.datetime | None
    control_reference: str
    application_reference: str | None = None
    group_reference: str | None = None
    group_sender: str | None = None
    group_recipient: str | None = None


@dataclass(frozen=True, slots=True)
class Party(Record):
    name: str | None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Address(Record):
    purpose: str | None
    street: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None
    phone: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class FlightLeg(Record):
    """One flight leg of a manifest (TDT with its LOC/DTM pairs) or a PNR header TVL."""

    carrier: str | None
    flight_number: str
    departure_port: str | None
    departure_time: dt.datetime | None
    arrival_port: str | None
    arrival_time: dt.datetime | None
    segment_number: int


@dataclass(frozen=True, slots=True)
class TravelDocument(Record):
    document_type: str
    number: str | None
    issuing_country: str | None
    expiry_date: dt.date | None
    issue_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Reference(Record):
    qualifier: str
    value: str


@dataclass(frozen=True, slots=True)
class Traveller(Record):
    """A passenger or crew member of a PAXLST manifest."""

    kind: TravellerKind
    role: str
    surname: str
    given_names: tuple[str, ...]
    sex: str | None
    date_of_birth: dt.date | None
    nationality: str | None
    residence_country: str | None
    birth_place: str | None
    embarkation_port: str | None
    debarkation_port: str | None
    documents: tuple[TravelDocument, ...]
    references: tuple[Reference, ...]
    pnr_locator: str | None
    seat: str | None
    address: Address | None
    segment_number: int
    other_locations: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Manifest(Record):
    """A PAXLST message: who is (or was) on which flight legs."""

    document_type: str
    document_kind: Literal["passengers", "crew", "other"]
    document_id: str | None
    reporting_party: Party | None
    references: tuple[Reference, ...]
    legs: tuple[FlightLeg, ...]
    travellers: tuple[Traveller, ...]
    declared_traveller_count: int | None


@dataclass(frozen=True, slots=True)
class RecordLocator(Record):
    carrier: str | None
    locator: str
    created: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Agency(Record):
    """ORG: who created or sent the booking."""

    system: str | None
    location: str | None
    iata_number: str | None
    agent: str | None
    city: str | None
    originator_type: str | None
    country: str | None
    currency: str | None
    agent_id: str | None


@dataclass(frozen=True, slots=True)
class Contact(Record):
    kind: Literal["phone", "email", "other"]
    value: str
    qualifier: str | None
    source: str


@dataclass(frozen=True, slots=True)
class SpecialRequest(Record):
    """An SSR as sent (code, status, carrier, ports, free text, traveller reference)."""

    code: str
    status: str | None
    quantity: str | None
    carrier: str | None
    board_port: str | None
    off_port: str | None
    text: str | None
    traveller_reference: str | None
    segment_number: int


@dataclass(frozen=True, slots=True)
class SsrDocument(Record):
    """SSR DOCS: travel document data keyed in by the airline or the traveller."""

    document_type: str | None
    issuing_country: str | None
    number: str | None
    nationality: str | None
    date_of_birth: dt.date | None
    sex: str | None
    infant: bool
    expiry_date: dt.date | None
    surname: str | None
    given_names: tuple[str, ...]
    segment_number: int


@dataclass(frozen=True, slots=True)
class SsrOtherDocument(Record):
    """SSR DOCO: visa or other document."""

    birth_place: str | None
    document_type: str | None
    number: str | None
    issue_place: str | None
    issue_date: dt.date | None
    applicable_country: str | None
    infant: bool
    segment_number: int


@dataclass(frozen=True, slots=True)
class SsrAddress(Record):
    """SSR DOCA: residence (R) or destination (D) address."""

    address_type: str | None
    country: str | None
    street: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    infant: bool
    segment_number: int


@dataclass(frozen=True, slots=True)
class FrequentFlyer(Record):
    carrier: str | None
    number: str
    tier: str | None


@dataclass(frozen=True, slots=True)
class Amount(Record):
    qualifier: str | None
    amount: Decimal | None
    currency: str | None


@dataclass(frozen=True, slots=True)
class Payment(Record):
    """FOP: form of payment. Card numbers stay as the carrier masked them."""

    payment_type: str
    amount: Decimal | None
    vendor: str | None
    account: str | None
    expiry: str | None


@dataclass(frozen=True, slots=True)
class Ticket(Record):
    number: str
    document_type: str | None
    coupons: str | None
    issue_date: dt.date | None
    issuing_carrier: str | None
    issuing_city: str | None
    amounts: tuple[Amount, ...]
    taxes: tuple[Amount, ...]
    payments: tuple[Payment, ...]
    segment_number: int


@dataclass(frozen=True, slots=True)
class PnrTraveller(Record):
    """TIF with everything that belongs to this traveller in the booking.

    ``traveller_type`` is A (adult), C (child), IN (infant) …; ``name_type`` is I
    for an individual's name, G for a group name (then there is no given name).
    """

    surname: str
    given_names: tuple[str, ...]
    title: str | None
    traveller_type: str | None
    name_type: str | None
    reference: str | None
    accompanied_by_infant: bool
    frequent_flyer: tuple[FrequentFlyer, ...]
    unique_reference: str | None
    documents: tuple[SsrDocument, ...]
    other_documents: tuple[SsrOtherDocument, ...]
    addresses: tuple[SsrAddress, ...]
    special_requests: tuple[SpecialRequest, ...]
    tickets: tuple[Ticket, ...]
    contacts: tuple[Contact, ...]
    free_text: tuple[str, ...]
    fare_type: str | None
    segment_number: int


@dataclass(frozen=True, slots=True)
class SeatAssignment(Record):
    seat: str
    traveller_reference: str | None
    source: str


@dataclass(frozen=True, slots=True)
class BagTag(Record):
    carrier: str | None
    number: str
    count: int | None
    destination: str | None


@dataclass(frozen=True, slots=True)
class Baggage(Record):
    """TBD: checked bags of one traveller on one segment."""

    traveller_reference: str | None
    bag_count: int | None
    weight: Decimal | None
    weight_unit: str | None
    tags: tuple[BagTag, ...]
    segment_number: int


@dataclass(frozen=True, slots=True)
class ItinerarySegment(Record):
    """TVL in the itinerary of a booking, with seats, bags and check-in data."""

    departure_time: dt.datetime | None
    arrival_time: dt.datetime | None
    departure_port: str | None
    arrival_port: str | None
    marketing_carrier: str | None
    operating_carrier: str | None
    flight_number: str | None
    booking_class: str | None
    status: str | None
    passenger_count: int | None
    equipment: str | None
    seats: tuple[SeatAssignment, ...]
    baggage: tuple[Baggage, ...]
    checked_in: tuple[str, ...]
    special_requests: tuple[SpecialRequest, ...]
    operating_flights: tuple[str, ...]
    record_locators: tuple[RecordLocator, ...]
    segment_number: int

    @property
    def codeshare(self) -> bool:
        return bool(
            self.operating_carrier
            and self.marketing_carrier
            and self.operating_carrier != self.marketing_carrier
        )


@dataclass(frozen=True, slots=True)
class HistoryEntry(Record):
    """ABI and the segments it covers: who changed what, when (SAC: A added, X cancelled)."""

    actor: str | None
    office: str | None
    changed_at: dt.datetime | None
    action: str | None
    tag: str
    text: str
    segment_number: int


@dataclass(frozen=True, slots=True)
class Booking(Record):
    """One PNR (from SRC to the next SRC)."""

    record_locator: str | None
    carrier: str | None
    created: dt.datetime | None
    last_modified: dt.datetime | None
    other_locators: tuple[RecordLocator, ...]
    agency: Agency | None
    addresses: tuple[Address, ...]
    contacts: tuple[Contact, ...]
    travellers: tuple[PnrTraveller, ...]
    itinerary: tuple[ItinerarySegment, ...]
    special_requests: tuple[SpecialRequest, ...]
    free_text: tuple[str, ...]
    history: tuple[HistoryEntry, ...]
    related_locators: tuple[RecordLocator, ...]
    excess_baggage: tuple[str, ...]
    segment_number: int

    @property
    def split(self) -> bool:
        """True when the booking refers to other record locators (split or divided PNR)."""
        return bool(self.related_locators)


@dataclass(frozen=True, slots=True)
class PnrPush(Record):
    """A PNRGOV message: the bookings on one flight, pushed by the carrier."""

    message_function: str | None
    originator: Agency | None
    flight: FlightLeg | None
    declared_booking_count: int | None
    bookings: tuple[Booking, ...]


@dataclass(frozen=True, slots=True)
class ParsedMessage(Record):
    """The outcome of reading one message (or, with ``message_type`` ``"INTERCHANGE"``,
    the problems found outside any message of an interchange)."""

    message_type: str
    message_reference: str | None
    message_version: str | None
    interchange: InterchangeHeader | None
    first_segment_number: int
    segment_count: int
    manifest: Manifest | None
    pnr: PnrPush | None
    unmapped: tuple[UnmappedSegment, ...]
    removed: tuple[RemovedData, ...]
    issues: tuple[Issue, ...]

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors


# Records with at least this many fields are filled through their mutable twin (below).
_TWIN_FROM = 6


def _direct_init(record: type[Record]) -> None:
    """Give a frozen record an ``__init__`` that stores its fields without a name lookup each.

    The ``__init__`` that ``dataclass(frozen=True)`` writes calls
    ``object.__setattr__(self, "name", value)`` for every field, a generic attribute
    lookup by name; a parse builds dozens of records per traveller, and that was the
    largest cost of reading a PNRGOV message. Small records call each slot's own setter
    (the same store, found once when the class is made). Records of ``_TWIN_FROM`` fields
    or more are filled as their *twin*, a plain class with the same base and the same
    slots (so the same memory layout): the instance's class is switched to the twin,
    the fields are stored with ordinary attribute stores, and the class is switched
    back — two class switches instead of one setter call per field (an 11-field
    ``SsrDocument``: 0.9 µs instead of 1.6 µs). Either way: same parameters, same
    defaults, same result; the record stays frozen (``FrozenInstanceError`` on
    assignment), and equality, hashing, ``replace`` and pickling are untouched. An
    instance of a subclass (another layout) is filled through the setters.
    """
    namespace: dict[str, Any] = {"_record": record}
    parameters = []
    setters = []
    stores = []
    for position, field_ in enumerate(fields(record)):  # type: ignore[arg-type]
        if not field_.init or field_.default_factory is not MISSING:
            return  # not the simple shape this writes: keep the dataclass's own
        setter = f"_set{position}"
        namespace[setter] = record.__dict__[field_.name].__set__
        if field_.default is MISSING:
            parameters.append(field_.name)
        else:
            namespace[f"_default{position}"] = field_.default
            parameters.append(f"{field_.name}=_default{position}")
        setters.append(f"{setter}(self, {field_.name})")
        stores.append(f"self.{field_.name} = {field_.name}")
    if len(stores) >= _TWIN_FROM:
        namespace["_twin"] = type(
            record.__name__,
            record.__bases__,
            {"__slots__": record.__dict__["__slots__"], "__module__": record.__module__},
        )
        namespace["_switch"] = object.__dict__["__class__"].__set__
        body = (
            "    if type(self) is _record:\n"
            "        _switch(self, _twin)\n"
            + "".join(f"        {store}\n" for store in stores)
            + "        self.__class__ = _record\n"
            "    else:\n" + "".join(f"        {setter}\n" for setter in setters)
        )
    else:
        body = "".join(f"    {setter}\n" for setter in setters) or "    pass\n"
    source = f"def __init__(self, {', '.join(parameters)}):\n{body}"
    exec(source, namespace)  # noqa: S102 - the source is built from our own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{record.__qualname__}.__init__"
    init.__doc__ = record.__init__.__doc__
    record.__init__ = init  # type: ignore[method-assign]


# The records of this module (``Record.__subclasses__()`` would also list the classes
# that ``dataclass(slots=True)`` replaced).
for _record in [value for value in tuple(globals().values()) if isinstance(value, type)]:
    if issubclass(_record, Record) and _record is not Record:
        _direct_init(_record)
