"""The Passenger Information Unit's records: carrier messages, flights, travellers,
bookings, watchlists, rules, hits, cases, referrals and the access log.

Data and invariants only. Every write goes through ``services`` (intake, screening,
case workflow, retention) so that it is permission-checked and audited; status
fields are ``editable=False`` and move only through the transitions there.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aegis.core.models import Organisation


class Carrier(models.Model):
    """An airline sending API/PNR data; its ``account`` posts messages to the HTTP door."""

    code = models.CharField(_("IATA code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitting account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carrier",
    )

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class CarrierMessage(models.Model):
    """One raw interchange as received, stored once (deduplicated by its SHA-256)."""

    class Door(models.TextChoices):
        HTTP = "http", _("HTTP endpoint")
        FOLDER = "folder", _("Drop folder")
        AMQP = "amqp", _("Message queue")
        COMMAND = "command", _("Command line")

    class Status(models.TextChoices):
        LOADED = "loaded", _("Loaded")
        PARTIAL = "partial", _("Partly loaded")
        QUARANTINED = "quarantined", _("Quarantined")

    acknowledgement = models.UUIDField(_("acknowledgement"), default=uuid.uuid4, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    content = models.TextField(_("content"))
    door = models.CharField(_("door"), max_length=10, choices=Door.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    carrier = models.ForeignKey(
        Carrier, verbose_name=_("carrier"), on_delete=models.SET_NULL, null=True, blank=True
    )
    message_types = models.CharField(_("message types"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, editable=False)
    error = models.TextField(_("error"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # The IATA Type B heading the payload came in, if any: priority, addresses, origin.
    envelope = models.JSONField(_("Type B envelope"), default=dict, blank=True)
    travellers_loaded = models.PositiveIntegerField(_("travellers loaded"), default=0)
    bookings_loaded = models.PositiveIntegerField(_("bookings loaded"), default=0)
    # Removed from ``content`` before it was written (paxscreen.edifact.redact): how many, and
    # how many of each category ({"meal": 2, "medical": 1}), never what they said.
    removed_sensitive = models.PositiveIntegerField(_("sensitive items removed"), default=0)
    removed_by_category = models.JSONField(
        _("sensitive items removed, by category"), default=dict, blank=True
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    # When retention masked ``content`` in place (or emptied it, when it did not parse).
    masked_at = models.DateTimeField(_("masked at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-received_at"]
        verbose_name = _("carrier message")
        verbose_name_plural = _("carrier messages")
        permissions: ClassVar = [
            ("submit_carriermessage", _("Can submit carrier messages")),
            ("retry_carriermessage", _("Can re-process quarantined carrier messages")),
        ]

    def __str__(self) -> str:
        return f"{self.message_types or '?'} {self.sha256[:12]}"


class InterchangeMessage(models.Model):
    """One EDIFACT message (UNH..UNT) of a received interchange, loaded or quarantined alone."""

    class Reason(models.TextChoices):
        NONE = "", _("None")
        INVALID = "invalid", _("Invalid message")
        CARRIER = "carrier", _("Flight of another carrier")
        UNSUPPORTED = "unsupported", _("Not a PAXLST or PNRGOV message")

    interchange = models.ForeignKey(
        CarrierMessage,
        verbose_name=_("interchange"),
        on_delete=models.CASCADE,
        related_name="parts",
    )
    position = models.PositiveIntegerField(_("position"))
    message_type = models.CharField(_("message type"), max_length=10, blank=True)
    reference = models.CharField(_("message reference"), max_length=35, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CarrierMessage.Status.choices, editable=False
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    travellers_loaded = models.PositiveIntegerField(_("travellers loaded"), default=0)
    bookings_loaded = models.PositiveIntegerField(_("bookings loaded"), default=0)
    # The flight this message loaded: retention masks and deletes the message with it.
    flight = models.ForeignKey(
        "Flight",
        verbose_name=_("flight"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )

    class Meta:
        ordering: ClassVar = ["interchange", "position"]
        verbose_name = _("interchange message")
        verbose_name_plural = _("interchange messages")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["interchange", "position"], name="travel_interchange_message_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.message_type} {self.reference}".strip()


class Flight(models.Model):
    class Direction(models.TextChoices):
        INBOUND = "inbound", _("Inbound")
        OUTBOUND = "outbound", _("Outbound")
        OTHER = "other", _("Other")

    carrier = models.ForeignKey(Carrier, verbose_name=_("carrier"), on_delete=models.PROTECT)
    number = models.CharField(_("flight number"), max_length=10)
    departure_date = models.DateField(_("departure date"))
    origin = models.CharField(_("origin"), max_length=5)
    destination = models.CharField(_("destination"), max_length=5)
    departure = models.DateTimeField(_("departure"), db_index=True)
    arrival = models.DateTimeField(_("arrival"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["departure"]
        verbose_name = _("flight")
        verbose_name_plural = _("flights")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["carrier", "number", "departure_date"], name="flight_once_a_day"
            )
        ]
        permissions: ClassVar = [("view_personal_data", _("Can view travellers' personal data"))]

    def __str__(self) -> str:
        return f"{self.carrier.code}{self.number} {self.departure_date:%d %b %Y}"


class FlightLeg(models.Model):
    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField(_("position"))
    departure_port = models.CharField(_("from"), max_length=5)
    arrival_port = models.CharField(_("to"), max_length=5)
    departure = models.DateTimeField(_("departure"), null=True, blank=True)
    arrival = models.DateTimeField(_("arrival"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["flight", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["flight", "position"], name="leg_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.departure_port}-{self.arrival_port}"


class Booking(models.Model):
    """A PNR; successive pushes update it and each one is kept in ``versions``."""

    carrier = models.ForeignKey(Carrier, verbose_name=_("carrier"), on_delete=models.PROTECT)
    record_locator = models.CharField(_("record locator"), max_length=20)
    created_at_carrier = models.DateTimeField(_("booked at"), null=True, blank=True)
    last_modified = models.DateTimeField(_("last modified"), null=True, blank=True)
    agency_name = models.CharField(_("travel agency"), max_length=100, blank=True)
    agency_country = models.CharField(_("agency country"), max_length=3, blank=True)
    form_of_payment = models.CharField(_("form of payment"), max_length=20, blank=True)
    traveller_count = models.PositiveSmallIntegerField(_("travellers in booking"), default=0)
    one_way = models.BooleanField(_("one way"), default=False)
    route = models.CharField(_("itinerary"), max_length=200, blank=True)
    data = models.JSONField(_("booking data"), default=dict)
    push_count = models.PositiveIntegerField(_("pushes received"), default=0)
    first_received = models.DateTimeField(_("first received"), auto_now_add=True)
    last_received = models.DateTimeField(_("last received"), auto_now=True)
    masked_at = models.DateTimeField(_("masked at"), null=True, blank=True)
    # The personal data taken out by masking, shown again only on a recorded re-identification.
    sealed = models.JSONField(_("sealed personal data"), null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-last_received"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["carrier", "record_locator"], name="booking_once")
        ]

    def __str__(self) -> str:
        return f"{self.carrier.code} {self.record_locator}"


class BookingVersion(models.Model):
    """What one PNR push said about a booking (its history)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="versions")
    message = models.ForeignKey(CarrierMessage, on_delete=models.SET_NULL, null=True)
    number = models.PositiveIntegerField(_("push"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    data = models.JSONField(_("booking data"))
    # Sensitive items of this booking removed at intake, by category; never their content.
    removed_sensitive = models.JSONField(_("sensitive items removed"), default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["booking", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["booking", "number"], name="booking_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.booking} push {self.number}"


class ItinerarySegment(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="itinerary")
    position = models.PositiveSmallIntegerField(_("position"))
    carrier_code = models.CharField(_("carrier"), max_length=3, blank=True)
    flight_number = models.CharField(_("flight"), max_length=10, blank=True)
    departure_port = models.CharField(_("from"), max_length=5, blank=True)
    arrival_port = models.CharField(_("to"), max_length=5, blank=True)
    departure = models.DateTimeField(_("departure"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["booking", "position"]

    def __str__(self) -> str:
        return f"{self.carrier_code}{self.flight_number} {self.departure_port}-{self.arrival_port}"


class Traveller(models.Model):
    """A passenger or crew member on one flight, merged from API and PNR data."""

    class Kind(models.TextChoices):
        PASSENGER = "passenger", _("Passenger")
        CREW = "crew", _("Crew")

    flight = models.ForeignKey(
        Flight, verbose_name=_("flight"), on_delete=models.CASCADE, related_name="travellers"
    )
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("booking"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="travellers",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    identity_key = models.CharField(_("identity key"), max_length=200, editable=False)
    surname = models.CharField(_("surname"), max_length=100)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    residence_country = models.CharField(_("country of residence"), max_length=3, blank=True)
    embarkation = models.CharField(_("embarkation"), max_length=5, blank=True)
    debarkation = models.CharField(_("debarkation"), max_length=5, blank=True)
    seat = models.CharField(_("seat"), max_length=5, blank=True)
    bags = models.PositiveSmallIntegerField(_("checked bags"), null=True, blank=True)
    from_api = models.BooleanField(_("in API data"), default=False)
    from_pnr = models.BooleanField(_("in PNR data"), default=False)
    fingerprint = models.CharField(_("screened data digest"), max_length=64, blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    masked_at = models.DateTimeField(_("masked at"), null=True, blank=True)
    sealed = models.JSONField(_("sealed personal data"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["surname", "given_names"]
        verbose_name = _("traveller")
        verbose_name_plural = _("travellers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["flight", "identity_key"], name="traveller_once_per_flight"
            )
        ]
        # The travel history finds a person's other trips by identity key and by document.
        indexes: ClassVar = [models.Index(fields=["identity_key"], name="traveller_identity")]

    def __str__(self) -> str:
        return f"{self.surname}, {self.given_names}".strip(", ")

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


class TravelDocument(models.Model):
    traveller = models.ForeignKey(Traveller, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("type"), max_length=5, blank=True)
    number = models.CharField(_("number"), max_length=40)
    issuing_country = models.CharField(_("issuing country"), max_length=3, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["traveller", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["traveller", "number"], name="document_once")
        ]
        indexes: ClassVar = [
            models.Index(fields=["number", "issuing_country"], name="document_number")
        ]

    def __str__(self) -> str:
        return f"{self.document_type} {self.number}"


class Identifier(models.Model):
    """A value that links travellers and bookings: phone, e-mail, address, card, ticket, agency."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        ADDRESS = "address", _("Address")
        CARD = "card", _("Payment card")
        TICKET = "ticket", _("Ticket")
        AGENCY = "agency", _("Travel agency")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="identifiers")
    traveller = models.ForeignKey(
        Traveller, on_delete=models.CASCADE, null=True, blank=True, related_name="identifiers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=200, db_index=True)

    class Meta:
        ordering: ClassVar = ["kind", "value"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["booking", "kind", "value"],
                condition=models.Q(traveller__isnull=True),
                name="identifier_once_per_booking",
            ),
            models.UniqueConstraint(
                fields=["booking", "traveller", "kind", "value"],
                name="identifier_once_per_traveller",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Watchlist(models.Model):
    """A named list (UN SC Consolidated List, a national list); its versions are kept."""

    class Format(models.TextChoices):
        UN_XML = "un_xml", _("UN SC Consolidated List (XML)")
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel workbook (XLSX)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("watchlist")
        verbose_name_plural = _("watchlists")

    def __str__(self) -> str:
        return self.name


class WatchlistVersion(models.Model):
    watchlist = models.ForeignKey(Watchlist, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    source_version = models.CharField(_("version in the file"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.TextField(_("content"))
    persons = models.PositiveIntegerField(_("listed persons"), default=0)
    entities = models.PositiveIntegerField(_("listed entities"), default=0)
    documents = models.PositiveIntegerField(_("lost or stolen documents"), default=0)
    # Rows of the file not loaded, each {"line", "where", "reason"}: shown on the version page.
    rejected = models.JSONField(_("rejected rows"), default=list, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["watchlist", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["watchlist", "number"], name="watchlist_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.watchlist} v{self.number}"


class Rule(models.Model):
    """A risk indicator; its conditions live in versions, the latest is the one in force."""

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    is_active = models.BooleanField(_("active"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return self.name


class RuleVersion(models.Model):
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    conditions = models.JSONField(_("conditions"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["rule", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["rule", "number"], name="rule_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule} v{self.number}"


class Case(models.Model):
    """An analyst's review of the hits of one traveller on one flight."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        TRUE_MATCH = "true_match", _("True match")
        FALSE_MATCH = "false_match", _("False match")
        NO_ACTION = "no_action", _("No action")

    traveller = models.OneToOneField(
        Traveller, verbose_name=_("traveller"), on_delete=models.CASCADE, related_name="case"
    )
    flight = models.ForeignKey(
        Flight, verbose_name=_("flight"), on_delete=models.CASCADE, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, editable=False
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, blank=True, editable=False
    )
    justification = models.TextField(_("justification"), blank=True, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    severity = models.PositiveSmallIntegerField(_("severity"), default=0)
    # Set when screening adds hits to a closed case: the decision stands as taken, and the
    # new hits wait for a supervisor to re-open the case.
    new_hits_at = models.DateTimeField(
        _("new hits since the decision"), null=True, blank=True, editable=False
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    # When the case was last closed with an outcome: the dashboard's time from hit to decision.
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-severity", "-opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions: ClassVar = [
            ("review_case", _("Can review and close cases")),
            ("supervise_case", _("Can reassign and re-open cases")),
            ("reidentify_traveller", _("Can re-identify masked travellers")),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "flight"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.traveller}"


class CaseComment(models.Model):
    """A note an analyst adds to a case; the PIU's own work, never shown to an agency."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("case comment")
        verbose_name_plural = _("case comments")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.text[:40]}"


class CaseTask(models.Model):
    """A question about a case put to another analyst, to answer by ``due_at``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="case_tasks",
    )
    question = models.TextField(_("question"))
    due_at = models.DateTimeField(_("due by"))
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    done_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["due_at", "pk"]
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        indexes: ClassVar = [models.Index(fields=["assignee", "done_at"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.question[:40]}"


class Hit(models.Model):
    class Kind(models.TextChoices):
        WATCHLIST = "watchlist", _("Watchlist")
        RULE = "rule", _("Rule")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hits")
    traveller = models.ForeignKey(Traveller, on_delete=models.CASCADE, related_name="hits")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The entry reference for a watchlist hit, "rule:<id>" for a rule hit: one hit per pair.
    key = models.CharField(_("matched"), max_length=100)
    watchlist_version = models.ForeignKey(
        WatchlistVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rule_version = models.ForeignKey(
        RuleVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("listed name or rule"), max_length=300)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=4, null=True)
    explanation = models.JSONField(_("explanation"), default=list)
    severity = models.PositiveSmallIntegerField(_("severity"), default=3)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-severity", "-score"]
        verbose_name = _("hit")
        verbose_name_plural = _("hits")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["traveller", "kind", "key"], name="hit_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class Suppression(models.Model):
    """A confirmed false match: the same listed entry never hits the same identity again.

    The identity is a keyed digest of the traveller's document (number + issuing country)
    or, for a traveller without one, of name + date of birth + nationality (all known):
    never a name alone, so a namesake is screened as before. It lapses at ``expires_at``
    and a supervisor may review or revoke it.
    """

    class IdentityKind(models.TextChoices):
        DOCUMENT = "document", _("Travel document")
        PERSON = "person", _("Name, date of birth and nationality")

    identity = models.CharField(_("identity digest"), max_length=64, editable=False)
    identity_kind = models.CharField(
        _("identified by"), max_length=10, choices=IdentityKind.choices, editable=False
    )
    key = models.CharField(_("matched"), max_length=100)
    label = models.CharField(_("listed name or rule"), max_length=300, blank=True)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoke_reason = models.TextField(_("why revoked"), blank=True, editable=False)
    # The list version the decision was taken on; a later version that changes or removes
    # the entry puts the suppression out of force (``services.suppressions_reevaluate``).
    watchlist_version = models.ForeignKey(
        WatchlistVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    entry_changed_at = models.DateTimeField(
        _("listed entry changed at"), null=True, blank=True, editable=False
    )
    entry_change = models.TextField(_("how the listed entry changed"), blank=True, editable=False)
    lapsed_at = models.DateTimeField(_("lapsed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("suppression")
        verbose_name_plural = _("suppressions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["identity", "key"],
                condition=models.Q(revoked_at__isnull=True),
                name="suppression_once_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_identity_kind_display()} ≠ {self.key}"

    @staticmethod
    def in_force(now: dt.datetime) -> models.Q:
        """Not revoked (nor lapsed), not expired, and, if its listed entry changed since the
        decision, reviewed by a supervisor after the change."""
        return models.Q(revoked_at__isnull=True, expires_at__gt=now) & (
            models.Q(entry_changed_at__isnull=True)
            | models.Q(reviewed_at__gte=models.F("entry_changed_at"))
        )

    @property
    def awaits_review(self) -> bool:
        """Put aside by a change of its listed entry, until a supervisor reviews it."""
        changed = self.entry_changed_at
        return (
            self.revoked_at is None
            and changed is not None
            and (self.reviewed_at is None or self.reviewed_at < changed)
        )


class SuppressedMatch(models.Model):
    """A match a suppression kept from becoming a hit: what each suppression suppressed."""

    suppression = models.ForeignKey(
        Suppression, on_delete=models.CASCADE, related_name="suppressed"
    )
    traveller = models.ForeignKey(
        Traveller, on_delete=models.CASCADE, related_name="suppressed_matches"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["suppression", "traveller"], name="suppressed_match_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suppression} on traveller {self.traveller_id}"


class Referral(models.Model):
    """A case handed to a national agency, with the minimum data it needs."""

    class AgencyKind(models.TextChoices):
        POLICE = "police", _("Police")
        IMMIGRATION = "immigration", _("Immigration")
        CUSTOMS = "customs", _("Customs")
        INTELLIGENCE = "intelligence", _("Intelligence")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    agency = models.ForeignKey(
        Organisation, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    agency_kind = models.CharField(_("agency kind"), max_length=15, choices=AgencyKind.choices)
    reason = models.TextField(_("reason"))
    shared_data = models.JSONField(_("data shared"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT, editable=False
    )
    answer = models.TextField(_("outcome reported by the agency"), blank=True, editable=False)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-referred_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions: ClassVar = [("answer_referral", _("Can answer referrals to own agency"))]

    def __str__(self) -> str:
        return f"{self.case} → {self.agency}"


class AccessLog(models.Model):
    """Who viewed, listed, exported or was refused which personal data, when, and why.

    ``record_kind`` and ``object_id`` name the record (none for a list of many); ``label``
    is what the record was called when it was seen, so that the entry stays readable after
    the record is gone (masking rewrites it with the rest of the traveller's data).
    """

    class Action(models.TextChoices):
        VIEW = "view", _("View")
        LIST = "list", _("List")
        EXPORT = "export", _("Export")
        BACKTEST = "backtest", _("Rule back-test")
        REIDENTIFY = "reidentify", _("Re-identification")
        REFUSED = "refused", _("Refused")
        SEARCH = "search", _("Search")

    class RecordKind(models.TextChoices):
        NONE = "", _("List")
        FLIGHT = "flight", _("Flight")
        TRAVELLER = "traveller", _("Traveller")
        BOOKING = "booking", _("Booking")
        CASE = "case", _("Case")
        REFERRAL = "referral", _("Referral")
        RULE = "rule", _("Rule")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    what = models.CharField(_("what"), max_length=50)
    record_kind = models.CharField(
        _("kind of record"), max_length=12, choices=RecordKind.choices, blank=True
    )
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    label = models.CharField(_("record as seen"), max_length=300, blank=True)
    # Names a list page showed, travellers a back-test selected.
    count = models.PositiveIntegerField(_("records shown"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes: ClassVar = [
            models.Index(fields=["record_kind", "object_id"], name="travel_access_record"),
            models.Index(fields=["user", "at"], name="travel_access_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.what} {self.object_id}"


class CaseNotification(models.Model):
    """Something a PIU user must know about one of their cases (shown until they open it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("case notification")
        verbose_name_plural = _("case notifications")

    def __str__(self) -> str:
        return self.text


class ScreeningRun(models.Model):
    """A background re-screening of the retained travellers, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("travellers"), default=0)
    done = models.PositiveIntegerField(_("screened"), default=0)
    new_hits = models.PositiveIntegerField(_("new hits"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    # Written by the worker when it starts the run and with each chunk: a running run whose
    # heartbeat is old has lost its worker (travel/services.py:rescreen_expire).
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            # One re-screening runs at a time, and at most one waits: a list loaded while
            # one waits is screened by that one (services.rescreen_start).
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="running"),
                name="travel_screeningrun_one_running",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="queued"),
                name="travel_screeningrun_one_queued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class RetentionRun(models.Model):
    """One run of the retention periods: what it masked and deleted, each count the rows
    it changed, and the records it could not mask (shown on the retention page)."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True, db_index=True)
    # The moment the periods were counted from (``now`` of the run; a test travels in time).
    as_of = models.DateTimeField(_("as of"))
    masked_travellers = models.PositiveIntegerField(_("travellers masked"), default=0)
    masked_bookings = models.PositiveIntegerField(_("bookings masked"), default=0)
    masked_messages = models.PositiveIntegerField(_("messages masked"), default=0)
    deleted_flights = models.PositiveIntegerField(_("flights deleted"), default=0)
    deleted_travellers = models.PositiveIntegerField(_("travellers deleted"), default=0)
    deleted_bookings = models.PositiveIntegerField(_("bookings deleted"), default=0)
    deleted_hits = models.PositiveIntegerField(_("hits deleted"), default=0)
    deleted_cases = models.PositiveIntegerField(_("cases deleted"), default=0)
    deleted_referrals = models.PositiveIntegerField(_("referrals deleted"), default=0)
    deleted_messages = models.PositiveIntegerField(_("messages deleted"), default=0)
    deleted_history_rows = models.PositiveIntegerField(_("history rows deleted"), default=0)
    # "traveller <id>: error" — ids and errors only, no personal data.
    failures = models.JSONField(_("not masked"), default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["-ran_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"retention {self.ran_at:%Y-%m-%d %H:%M}"


def _carrier_reference() -> str:
    # 120 random bits, URL- and EDIFACT-safe: nothing to guess, nothing internal to read.
    return secrets.token_urlsafe(15)


class IapiInterchange(models.Model):
    """An interactive PAXLST interchange a carrier sent, and the CUSRES that answers it.

    Found again by the carrier's own interchange reference (UNB 0020); ``response`` is the
    latest answer (the first, or the replacement an analyst's decision caused).
    """

    class Door(models.TextChoices):
        HTTP = "http", _("HTTP endpoint")
        AMQP = "amqp", _("Message queue")

    carrier = models.ForeignKey(Carrier, verbose_name=_("carrier"), on_delete=models.CASCADE)
    control_reference = models.CharField(_("interchange reference"), max_length=35)
    door = models.CharField(_("door"), max_length=10, choices=Door.choices)
    # Where an AMQP sender wants its answers (AMQP reply-to); later decisions go there too.
    reply_to = models.CharField(_("reply queue"), max_length=200, blank=True)
    response = models.TextField(_("CUSRES answer"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("iAPI interchange")
        verbose_name_plural = _("iAPI interchanges")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["carrier", "control_reference"], name="iapi_interchange_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier_id} {self.control_reference}"


class CheckIn(models.Model):
    """A traveller as a carrier checked them in at the iAPI door, with the carrier-visible
    reference its answers carry (never a case number) and an analyst's later direction."""

    class Direction(models.TextChoices):
        NONE = "", _("None")
        BOARD = "board", _("OK to board")
        DO_NOT_BOARD = "do_not_board", _("Do not board")

    traveller = models.OneToOneField(
        Traveller, verbose_name=_("traveller"), on_delete=models.CASCADE, related_name="check_in"
    )
    carrier = models.ForeignKey(Carrier, verbose_name=_("carrier"), on_delete=models.CASCADE)
    reference = models.CharField(
        _("carrier reference"), max_length=24, unique=True, default=_carrier_reference
    )
    # The last interactive PAXLST that carried the traveller (none for the JSON door).
    interchange = models.ForeignKey(
        IapiInterchange,
        verbose_name=_("interchange"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
    )
    direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices, blank=True, editable=False
    )
    justification = models.TextField(_("justification"), blank=True, editable=False)
    directed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("directed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    directed_at = models.DateTimeField(_("directed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("checked in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"check-in {self.pk}"


class SearchEntry(models.Model):
    """What the search finds a traveller by: one row per traveller, kept by
    ``travel/search.py`` on intake and masking, and indexed by the database's own full-text
    index (SQLite FTS5 table ``travel_search_fts``, PostgreSQL GIN on ``to_tsvector``).

    ``names`` and ``keys`` are words made by ``search.entry_words`` (paxscreen's folded
    name forms and phonetic keys; document, locator, phone, e-mail, card and ticket words).
    A masked traveller's words are keyed digests: no name is readable, and only a search
    allowed to find masked records looks for those digests.
    """

    traveller = models.OneToOneField(
        Traveller, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="+")
    departure = models.DateTimeField(_("departure"))
    masked = models.BooleanField(_("masked"), default=False)
    names = models.TextField(_("name words"), blank=True)
    keys = models.TextField(_("key words"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes: ClassVar = [
            models.Index(fields=["departure"], name="travel_search_departure"),
            models.Index(fields=["flight", "departure"], name="travel_search_flight"),
        ]

    def __str__(self) -> str:
        return f"search entry of traveller {self.traveller_id}"
