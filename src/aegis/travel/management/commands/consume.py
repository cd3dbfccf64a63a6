"""``aegis consume``: the AMQP door (RabbitMQ), acknowledging each message after commit.

``--iapi``: the queue carries interactive PAXLST check-ins; each is answered with a CUSRES
on its ``reply_to`` queue (or ``--reply-queue``), correlated by its interchange reference.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from aegis.core.switches import HalfCommand
from aegis.travel.doors import door_carrier, iapi_queue_consume, outcome_lines, queue_consume
from aegis.travel.intake import IntakeResult


class Command(HalfCommand):
    help = "Consume carrier messages from the AMQP queue (AEGIS_AMQP_URL, AEGIS_AMQP_QUEUE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=settings.AEGIS_AMQP_URL)
        parser.add_argument("--queue", default=settings.AEGIS_AMQP_QUEUE)
        parser.add_argument(
            "--carrier",
            default=settings.AEGIS_AMQP_CARRIER,
            help="IATA code of the carrier whose flights the queue carries, or '*' for any "
            "(default: AEGIS_AMQP_CARRIER).",
        )
        parser.add_argument("--prefetch", type=int, default=10)
        parser.add_argument(
            "--iapi",
            action="store_true",
            help="Interactive PAXLST check-ins: answer each with a CUSRES on its reply queue.",
        )
        parser.add_argument(
            "--reply-queue",
            default="",
            help="With --iapi: where answers go when a message names no reply_to.",
        )
        parser.add_argument("--max-messages", type=int, default=None)
        parser.add_argument(
            "--idle-timeout",
            type=float,
            default=None,
            help="Stop when no message came for this many seconds (default: run for ever).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            carrier = door_carrier(options["carrier"])
        except ValueError as error:
            raise CommandError(str(error)) from error

        def refused(tag: str, why: str) -> None:
            self.stdout.write(f"message {tag}: refused: {why}")
            self.stdout.flush()

        def report(tag: str, result: IntakeResult) -> None:
            for line in outcome_lines(f"message {tag}", result):
                self.stdout.write(line)
            self.stdout.flush()

        if options["iapi"]:

            def answered(reference: str, text: str) -> None:
                codes = [line[4:6] for line in text.splitlines() if line.startswith("ERC+")]
                self.stdout.write(f"interchange {reference}: answered {' '.join(codes)}")
                self.stdout.flush()

            handled = iapi_queue_consume(
                url=options["url"],
                queue=options["queue"],
                carrier=carrier,
                reply_queue=options["reply_queue"],
                max_messages=options["max_messages"],
                idle_timeout=options["idle_timeout"],
                report=answered,
            )
            self.stdout.write(f"{handled} messages handled.")
            return
        handled = queue_consume(
            url=options["url"],
            queue=options["queue"],
            prefetch=options["prefetch"],
            max_messages=options["max_messages"],
            idle_timeout=options["idle_timeout"],
            report=report,
            carrier=carrier,
            refused=refused,
        )
        self.stdout.write(f"{handled} messages handled.")
