"""PNRGOV history group: ABI opens it (who changed the booking, where), DAT and SAC
say when and what; every other segment inside it is a :class:`HistoryEntry`
(see :meth:`PnrState.history_entry`)."""

from __future__ import annotations

from paxscreen.edifact.pnr_state import PnrState
from paxscreen.edifact.segments import component

__all__ = ["HistoryGroup"]


class HistoryGroup(PnrState):
    __slots__ = ()

    def on_abi(self, elements: list[list[str]], index: int) -> bool:
        if self.booking is None:
            return False
        self.state = "history"
        self.history_actor = component(elements, 2, 1) or component(elements, 2, 0) or None
        self.history_office = component(elements, 3, 0) or None
        self.history_time = None
        self.history_action = None
        self.itinerary = None
        self.traveller = None
        return True

    def on_sac(self, elements: list[list[str]], index: int) -> bool:
        if self.state != "history":
            return False
        self.history_action = component(elements, 3, 0) or None
        return True
