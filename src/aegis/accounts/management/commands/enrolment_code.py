"""``aegis enrolment_code USERNAME``: a one-time code to set up a second factor.

For the first administrator (nobody can issue one in the pages yet) and for whoever holds
the server; the pages' enrolment list serves supervisors and administrators otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aegis.accounts.services import enrolment_code_issue
from aegis.core.models import User
from aegis.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Issue a one-time enrolment code for an account's second factor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        account = User.objects.filter(username=options["username"], is_active=True).first()
        if account is None:
            raise CommandError(f"No active account {options['username']!r}.")
        code = enrolment_code_issue(actor=SYSTEM, account=account)
        self.stdout.write(f"Enrolment code for {account.username}: {code}")
