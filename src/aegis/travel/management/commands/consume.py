"""``aegis consume``: the AMQP door (RabbitMQ), acknowledging each message after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from aegis.travel.doors import queue_consume
from aegis.travel.intake import IntakeResult


class Command(BaseCommand):
    help = "Consume carrier messages from the AMQP queue (AEGIS_AMQP_URL, AEGIS_AMQP_QUEUE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=settings.AEGIS_AMQP_URL)
        parser.add_argument("--queue", default=settings.AEGIS_AMQP_QUEUE)
        parser.add_argument("--prefetch", type=int, default=10)
        parser.add_argument("--max-messages", type=int, default=None)
        parser.add_argument(
            "--idle-timeout",
            type=float,
            default=None,
            help="Stop when no message came for this many seconds (default: run for ever).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def report(tag: str, result: IntakeResult) -> None:
            self.stdout.write(
                f"message {tag}: {result.status} "
                f"({result.travellers} travellers, {result.hits} hits)"
            )
            self.stdout.flush()

        handled = queue_consume(
            url=options["url"],
            queue=options["queue"],
            prefetch=options["prefetch"],
            max_messages=options["max_messages"],
            idle_timeout=options["idle_timeout"],
            report=report,
        )
        self.stdout.write(f"{handled} messages handled.")
