"""A rule selects the same travellers in the builder's test, the back-test of the stored
rule and live screening: the stored path (save → reload → screen) is the one tested."""

from __future__ import annotations

import datetime as dt

import pytest

from aegis.core.demo import load_accounts, load_organisations
from aegis.core.models import User
from aegis.core.roles import Role, roles_sync
from aegis.travel import selectors
from aegis.travel.demo import load_piu
from aegis.travel.forms import RuleForm
from aegis.travel.models import Flight, Hit, Rule

pytestmark = pytest.mark.django_db


def test_the_demo_conflict_zone_rule_fires_live_as_often_as_its_back_test() -> None:
    roles_sync()
    load_organisations()
    load_accounts()
    load_piu()
    supervisor = User.objects.filter(groups__name=Role.PIU_SUPERVISOR.value).first()
    rule = Rule.objects.get(name="Young traveller from a conflict zone")
    stored = rule.versions.get().conditions
    # The back-test looks at departures in the past: stand after the demo's last one, and
    # look back over all of them (its PNR flights run months ahead).
    departures = Flight.objects.order_by("departure").values_list("departure", flat=True)
    first, last = departures.first(), departures.last()
    window = {"now": last + dt.timedelta(minutes=1), "days": (last - first).days + 1}

    stored_test = selectors.rule_backtest(user=supervisor, conditions=stored, **window)
    form = RuleForm(RuleForm.initial_for(rule, stored) | {"severity": rule.severity})
    assert form.is_valid(), form.errors
    form_test = selectors.rule_backtest(user=supervisor, conditions=form.conditions(), **window)
    fired = Hit.objects.filter(key=f"rule:{rule.pk}", kind=Hit.Kind.RULE)

    assert stored["conditions"][0]["value"] == ["IRQ", "IRN"]
    assert (form_test.matched, stored_test.matched, fired.count()) == (28, 28, 28)
    assert {t.pk for t, _why in stored_test.sample} <= set(
        fired.values_list("traveller", flat=True)
    )
