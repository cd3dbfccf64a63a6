"""``aegis api_token USERNAME --scope carrier --name NAME``: a new API token, printed once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aegis.accounts.models import ApiToken
from aegis.accounts.services import api_token_issue
from aegis.core.models import User
from aegis.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Issue a new API token (no PIU scope: that one needs the second factor)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--scope",
            action="append",
            choices=[scope for scope in ApiToken.Scope.values if scope != ApiToken.Scope.PIU],
            required=True,
        )
        parser.add_argument("--name", default="API")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account {options['username']!r}.")
        try:
            key = api_token_issue(
                actor=SYSTEM, user=user, name=options["name"], scopes=options["scope"]
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(key)
