"""Telling a PIU user that one of their cases needs them again.

A hit added to a closed case leaves the decision, referrals and answers as they were
(``screening``); the case's assignee is told in the application (their case list shows it
until they open the case) and, when their account has an address, by e-mail. The e-mail
names the case and the number of new hits, never the traveller: mail leaves the PIU.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from aegis.travel.models import Case, CaseNotification

__all__ = ["new_hits_on_closed_case"]

logger = logging.getLogger(__name__)


def _mail(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except OSError:  # the in-app notification stands; the mail server's fault is logged
        logger.exception("Could not e-mail %s about a case", address)


def new_hits_on_closed_case(case: Case, *, hits: int) -> CaseNotification | None:
    """Notify the assignee of closed ``case`` that ``hits`` new hits wait on it (None when
    the case has no assignee: the case list and the board count it as open all the same)."""
    user = case.assignee
    if user is None:
        return None
    text = _(
        "Case %(case)s was closed as %(outcome)s; %(hits)d new hit(s) since the decision "
        "wait for review."
    ) % {"case": case.pk, "outcome": case.get_outcome_display().lower(), "hits": hits}
    notification = CaseNotification.objects.create(user=user, case=case, text=text[:300])
    if user.email:
        address = user.email
        body = f"{text}\n\n{reverse('travel:case', args=[case.pk])}\n"
        subject = _("Aegis: new hits on closed case %(case)s") % {"case": case.pk}
        # Sent once the hits are stored: a rolled-back screening tells nobody.
        transaction.on_commit(lambda: _mail(subject, body, address))
    return notification
