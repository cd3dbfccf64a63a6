"""PNRGOV ticketing and payment: TKT opens a ticket of the open traveller; MON, PTK,
TXD and FOP (amounts, issue, taxes, form of payment) fill it."""

from __future__ import annotations

from paxscreen.edifact.model import Amount, Payment
from paxscreen.edifact.pnr_drafts import TicketDraft
from paxscreen.edifact.pnr_state import PnrState
from paxscreen.edifact.pnr_values import amount, moment
from paxscreen.edifact.segments import padded

__all__ = ["TicketGroup"]


class TicketGroup(PnrState):
    __slots__ = ()

    def on_tkt(self, elements: list[list[str]], index: int) -> bool:
        if self.traveller is None or self.state not in ("traveller", "ticket"):
            return False
        number = padded(elements, 1, 3)
        ticket = TicketDraft(
            number[0],
            number[1] or None,
            number[2] or None,
            self.segments.first_number + index,
        )
        self.traveller.tickets.append(ticket)
        self.ticket = ticket
        self.state = "ticket"
        return True

    def _amounts(self, elements: list[list[str]], start: int) -> list[Amount]:
        amounts = []
        decimal = self.decimal
        for element in elements[start:]:
            count = len(element)
            value = element[1].strip() if count > 1 else ""
            if value:
                currency = element[2].strip() if count > 2 else ""
                amounts.append(
                    Amount(element[0].strip() or None, amount(value, decimal), currency or None)
                )
        return amounts

    def on_mon(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        self.ticket.amounts.extend(self._amounts(elements, 1))
        return True

    def on_ptk(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        count = len(elements)
        ticket = self.ticket
        issued = moment(elements[3][0].strip() if count > 3 else "", "0000")
        if issued is not None and ticket.issue_date is None:
            ticket.issue_date = issued.date()
        ticket.issuing_carrier = (elements[4][0].strip() if count > 4 else "") or None
        ticket.issuing_city = (elements[6][0].strip() if count > 6 else "") or None
        return True

    def on_txd(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        for element in elements[2:]:
            parts = [part.strip() for part in element] + ["", "", "", ""]
            if parts[0]:
                self.ticket.taxes.append(
                    Amount(parts[3] or None, amount(parts[0], self.decimal), None)
                )
        return True

    def on_fop(self, elements: list[list[str]], index: int) -> bool:
        if self.ticket is None or self.state != "ticket":
            return False
        for element in elements[1:]:
            kind = element[0].strip()
            if kind:
                parts = [*map(str.strip, element), "", "", "", "", "", ""]
                # Positional (type, amount, vendor, account, expiry): a class called with
                # keywords builds a dict of them first, and this runs for every ticket.
                self.ticket.payments.append(
                    Payment(
                        kind,
                        amount(parts[2], self.decimal),
                        parts[3] or None,
                        parts[4] or None,
                        parts[5] or None,
                    )
                )
        return True
