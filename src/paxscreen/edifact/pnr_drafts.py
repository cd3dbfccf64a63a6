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
        # Positional, in the record's field order: half the cost of keywords for
        # records this wide, built for every traveller (test_edifact_pnr_drafts pins it).
        return Ticket(
            self.number,
            self.document_type,
            self.coupons,
            self.issue_date,
            self.issuing_carrier,
            self.issuing_city,
            tuple(self.amounts),
            tuple(self.taxes),
            tuple(self.payments),
            self.segment_number,
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
        # Positional, in field order (see TicketDraft.build).
        return PnrTraveller(
            self.surname,
            self.given_names,
            self.title,
            self.traveller_type,
            self.name_type,
            self.reference,
            self.accompanied_by_infant,
            tuple(self.frequent_flyer),
            self.unique_reference,
            tuple(self.documents),
            tuple(self.other_documents),
            tuple(self.addresses),
            tuple(self.special_requests),
            tuple([ticket.build() for ticket in self.tickets]),
            tuple(self.contacts),
            tuple(self.free_text),
            self.fare_type,
            self.segment_number,
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
        # Positional, in field order (see TicketDraft.build).
        return ItinerarySegment(
            self.departure_time,
            self.arrival_time,
            self.departure_port,
            self.arrival_port,
            self.marketing_carrier,
            self.operating_carrier,
            self.flight_number,
            self.booking_class,
            self.status,
            self.passenger_count,
            self.equipment,
            tuple(self.seats),
            tuple(self.baggage),
            tuple(self.checked_in),
            tuple(self.special_requests),
            tuple(self.operating_flights),
            tuple(self.record_locators),
            self.segment_number,
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
        # Positional, in field order (see TicketDraft.build).
        return Booking(
            self.record_locator,
            self.carrier,
            self.created,
            self.last_modified,
            tuple(self.other_locators),
            self.agency,
            tuple(self.addresses),
            tuple(self.contacts),
            tuple([traveller.build() for traveller in self.travellers]),
            tuple([segment.build() for segment in self.itinerary]),
            tuple(self.special_requests),
            tuple(self.free_text),
            tuple(self.history),
            tuple(self.related_locators),
            tuple(self.excess_baggage),
            self.segment_number,
        )
