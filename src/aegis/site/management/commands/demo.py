"""``aegis demo``: load the demo data into the database DATABASE_URL names (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aegis.activities.demo import load_activities
from aegis.coordination.demo import load_coordination
from aegis.core.demo import load_accounts, load_organisations
from aegis.core.models import Organisation
from aegis.core.roles import roles_sync
from aegis.funding.demo import load_funding
from aegis.reporting.demo import load_highlights
from aegis.travel.demo import GROW_SEED, GrownPiu, grow_piu, load_piu


class Command(BaseCommand):
    help = "Load the demo data (September 2020 Monthly Highlights) and demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds organisations.",
        )
        parser.add_argument(
            "--travellers",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Then add about N synthetic travellers to the PIU through the real intake "
                "(to measure search and lists at scale; see bench/bench_search.py)."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=GROW_SEED, help="Seed of the added traffic."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["travellers"] < 0:
            raise CommandError("--travellers must be 0 or more.")
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("The database already holds data: demo data not loaded.")
        else:
            self._load()
        if options["travellers"]:
            self._grow(options["travellers"], options["seed"])

    def _grow(self, travellers: int, seed: int) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        reported = [0]

        def progress(grown: GrownPiu) -> None:
            if grown.travellers - reported[0] >= 10_000:
                reported[0] = grown.travellers
                rate = grown.travellers / max(time.perf_counter() - started, 1e-9)
                self.stdout.write(f"  {grown.travellers:,} travellers ({rate:,.0f}/s)")

        grown = grow_piu(travellers, seed=seed, progress=progress)
        self.stdout.write(
            f"PIU grown: {grown.messages:,} messages, {grown.travellers:,} travellers, "
            f"{grown.hits:,} hits added in {time.perf_counter() - started:,.0f} s "
            f"({time.process_time() - cpu:,.0f} s CPU)."
        )

    def _load(self) -> None:
        with transaction.atomic():
            roles_sync()
            organisations = load_organisations()
            activities = load_activities()
            bodies = load_coordination()
            funding = load_funding()
            accounts = load_accounts()
            issues = load_highlights()
            piu = load_piu()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {organisations} organisations, {activities} activities, "
                f"{bodies} coordination bodies added ({len(accounts)} new accounts)."
            )
        )
        self.stdout.write(
            f"Trust Fund: {funding.donors} donors, {funding.pledges} pledges, "
            f"{funding.receipts} receipts, {funding.in_kind} in-kind contributions, "
            f"{funding.rates} rates of exchange added."
        )
        self.stdout.write(
            f"Monthly Highlights: {issues} issues added (September 2020 published, "
            "July 2020 in review)."
        )
        self.stdout.write(
            f"PIU: {piu.messages} carrier messages, {piu.travellers} travellers, "
            f"{piu.hits} hits added."
        )
        if accounts:
            self.stdout.write("Demo accounts (passwords are shown this once):")
            width = max(len(username) for username, _, _ in accounts)
            for username, role, password in accounts:
                self.stdout.write(f"  {username:<{width}}  {password}  ({role})")
            self.stdout.write(
                "Accounts that see personal data set up a second factor with an enrolment "
                "code: `aegis enrolment_code <username>`."
            )
