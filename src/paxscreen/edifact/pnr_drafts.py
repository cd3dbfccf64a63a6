"""Mutable drafts of the PNRGOV records, filled while a message is read, then frozen.

The reader (:mod:`paxscreen.edifact.pnrgov`) appends to these as segments arrive;
``build()`` turns each into its frozen record from :mod:`paxscreen.edifact.model`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from paxscreen.edifact.model import (
    Address,
    Agency,
    Amount,
    Baggage,
    Booking,
    Contact,
    FrequentFlyer,
    HistoryEntry,
    ItinerarySegment,
    Payment,
    PnrTraveller,
    RecordLocator,
    SeatAssignment,
    SpecialRequest,
    SsrAddress,
    SsrDocument,
    SsrOtherDocument,
    Ticket,
)

__all__ = ["BookingDraft", "SegmentDraft", "TicketDraft", "TravellerDraft"]


@dataclass(slots=True)
class TicketDraft:
    number: str
    document_type: str | None
    coupons: str | None
    segment_number: int
    issue_date: dt.date | None = None
    issuing_carrier: str | None = None
    issuing_city: str | None = None
    amounts: list[Amount] = field(default_factory=list)
    taxes: list[Amount] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)

    def build(self) -> Ticket:
        return Ticket(
            number=self.number,
            document_type=self.document_type,
            coupons=self.coupons,
            issue_date=self.issue_date,
            issuing_carrier=self.issuing_carrier,
            issuing_city=self.issuing_city,
            amounts=tuple(self.amounts),
            taxes=tuple(self.taxes),
            payments=tuple(self.payments),
            segment_number=self.segment_number,
        )


@dataclass(slots=True)
class TravellerDraft:
    surname: str
    given_names: tuple[str, ...]
    title: str | None
    traveller_type: str | None
    name_type: str | None
    reference: str | None
    accompanied_by_infant: bool
    segment_number: int
    frequent_flyer: list[FrequentFlyer] = field(default_factory=list)
    unique_reference: str | None = None
    documents: list[SsrDocument] = field(default_factory=list)
    other_documents: list[SsrOtherDocument] = field(default_factory=list)
    addresses: list[SsrAddress] = field(default_factory=list)
    special_requests: list[SpecialRequest] = field(default_factory=list)
    tickets: list[TicketDraft] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    free_text: list[str] = field(default_factory=list)
    fare_type: str | None = None

    def build(self) -> PnrTraveller:
        return PnrTraveller(
            surname=self.surname,
            given_names=self.given_names,
            title=self.title,
            traveller_type=self.traveller_type,
            name_type=self.name_type,
            reference=self.reference,
            accompanied_by_infant=self.accompanied_by_infant,
            frequent_flyer=tuple(self.frequent_flyer),
            unique_reference=self.unique_reference,
            documents=tuple(self.documents),
            other_documents=tuple(self.other_documents),
            addresses=tuple(self.addresses),
            special_requests=tuple(self.special_requests),
            tickets=tuple([ticket.build() for ticket in self.tickets]),
            contacts=tuple(self.contacts),
            free_text=tuple(self.free_text),
            fare_type=self.fare_type,
            segment_number=self.segment_number,
        )


@dataclass(slots=True)
class SegmentDraft:
    departure_time: dt.datetime | None
    arrival_time: dt.datetime | None
    departure_port: str | None
    arrival_port: str | None
    marketing_carrier: str | None
    operating_carrier: str | None
    flight_number: str | None
    booking_class: str | None
    segment_number: int
    status: str | None = None
    passenger_count: int | None = None
    equipment: str | None = None
    traveller_reference: str | None = None
    seats: list[SeatAssignment] = field(default_factory=list)
    baggage: list[Baggage] = field(default_factory=list)
    checked_in: list[str] = field(default_factory=list)
    special_requests: list[SpecialRequest] = field(default_factory=list)
    operating_flights: list[str] = field(default_factory=list)
    record_locators: list[RecordLocator] = field(default_factory=list)

    def build(self) -> ItinerarySegment:
        return ItinerarySegment(
            departure_time=self.departure_time,
            arrival_time=self.arrival_time,
            departure_port=self.departure_port,
            arrival_port=self.arrival_port,
            marketing_carrier=self.marketing_carrier,
            operating_carrier=self.operating_carrier,
            flight_number=self.flight_number,
            booking_class=self.booking_class,
            status=self.status,
            passenger_count=self.passenger_count,
            equipment=self.equipment,
            seats=tuple(self.seats),
            baggage=tuple(self.baggage),
            checked_in=tuple(self.checked_in),
            special_requests=tuple(self.special_requests),
            operating_flights=tuple(self.operating_flights),
            record_locators=tuple(self.record_locators),
            segment_number=self.segment_number,
        )


@dataclass(slots=True)
class BookingDraft:
    segment_number: int
    record_locator: str | None = None
    carrier: str | None = None
    created: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    other_locators: list[RecordLocator] = field(default_factory=list)
    agency: Agency | None = None
    addresses: list[Address] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    travellers: list[TravellerDraft] = field(default_factory=list)
    itinerary: list[SegmentDraft] = field(default_factory=list)
    special_requests: list[SpecialRequest] = field(default_factory=list)
    free_text: list[str] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    related_locators: list[RecordLocator] = field(default_factory=list)
    excess_baggage: list[str] = field(default_factory=list)

    def build(self) -> Booking:
        return Booking(
            record_locator=self.record_locator,
            carrier=self.carrier,
            created=self.created,
            last_modified=self.last_modified,
            other_locators=tuple(self.other_locators),
            agency=self.agency,
            addresses=tuple(self.addresses),
            contacts=tuple(self.contacts),
            travellers=tuple([traveller.build() for traveller in self.travellers]),
            itinerary=tuple([segment.build() for segment in self.itinerary]),
            special_requests=tuple(self.special_requests),
            free_text=tuple(self.free_text),
            history=tuple(self.history),
            related_locators=tuple(self.related_locators),
            excess_baggage=tuple(self.excess_baggage),
            segment_number=self.segment_number,
        )
