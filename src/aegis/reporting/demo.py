"""Demo newsletter: September 2020 published as the source prints it, July 2020 in review.

September's issue is composed from the demo records, then given the source's own words
where the office writes them by hand: the introduction (the Saudi Arabia founding line,
the "All-of-UN" clause), the office-structure box and the photo's caption. No July 2020
issue of the Highlights is in the repository, so July's activities are ILLUSTRATIVE
records (said so in their title and source); its year-to-date results are the figures
the office reported for January to July 2020.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aegis.activities import services as activity_services
from aegis.activities.demo import ILLUSTRATIVE, SEED, _org
from aegis.activities.models import Activity, Indicator, IndicatorValue, OfficeUnit, Pillar
from aegis.activities.periods import parse_periods
from aegis.core.models import User
from aegis.core.permissions import SYSTEM
from aegis.datasets import DEMO_PHOTO
from aegis.reporting import demo_translations, services
from aegis.reporting.composition import office_structure
from aegis.reporting.models import Box, Issue
from aegis.reporting.photos import photo_store

SEPTEMBER, JULY = date(2020, 9, 1), date(2020, 7, 1)
EDITOR, REVIEWER = "editor", "reviewer"

# The introduction of the September 2020 issue, as the source prints it.
SEPTEMBER_INTRODUCTION = (
    "The Office provides most of its capacity-building support to Member States through the "
    "UN Counter-Terrorism Centre (UNCCT), which was established by an initial contribution of "
    "the Kingdom of Saudi Arabia to the Counter-Terrorism Trust Fund in 2011. UNCCT has an "
    "Advisory Board composed of 21 Member States plus the European Union (EU) as a Guest "
    "Member.\n\n"
    "To enhance coordination and coherence, the UN Global Counter-Terrorism Coordination "
    "Compact, which is a coordination framework bringing together 43 entities was launched by "
    "the UN Secretary-General in December 2018. It operates through its Coordination "
    "Committee and 8 thematic Inter-Agency Working Groups, which were revitalized in April "
    '2019, providing an "All-of-UN approach" to the system\'s work on counter-terrorism and '
    "preventing and countering violent extremism, as conducive to terrorism."
)
FOOTER = "For more information: www.un.org/counterterrorism"
HASHTAGS = "#UNOCT #CounterTerrorism"  # illustrative: the seed's text does not print them
PHOTO_ITEM = "highlights-2020-09-03"  # the 2nd Ministerial Meeting of the Group of Friends
PHOTO_CAPTION = "Second Ministerial Meeting of the Group of Friends of Victims of Terrorism"
PHOTO_CREDIT = (
    "Stand-in for the demo (the source's photo is not in the repository): "
    "Grace M. Hopper, U.S. Navy, public domain"
)
# UNCCT, January to July 2020, as the office reported them.
UNCCT_JULY_2020 = {"individuals-trained": 2_754, "workshops-organized": 33}


@dataclass(frozen=True, slots=True)
class JulyActivity:
    title: str
    kind: str
    dates: str
    section: str
    unit: str
    narrative: str
    pillars: tuple[int, ...]


S = Activity.Section
JULY_2020 = (
    JulyActivity(
        "Illustrative: USG briefing to Member States on the Office's response to COVID-19",
        "meeting",
        "9 Jul 2020",
        S.POLITICAL_LEADERSHIP,
        "OUSG",
        "Illustrative record: the Under-Secretary-General briefed Member States on how the "
        "Office adapted its programmes to the pandemic.",
        (1, 2, 3, 4),
    ),
    JulyActivity(
        "Illustrative: virtual counter-terrorism week consultations with civil society",
        "roundtable",
        "14 Jul 2020",
        S.HIGHLIGHTS,
        "PKMCB",
        "Illustrative record: civil society organizations discussed their engagement in the "
        "review of the Global Counter-Terrorism Strategy.",
        (1, 4),
    ),
    JulyActivity(
        "Illustrative: Compact working group meeting on border management",
        "meeting",
        "22 Jul 2020",
        S.HIGHLIGHTS,
        "PKMCB",
        "Illustrative record: Compact entities coordinated their support to Member States on "
        "border security and management.",
        (2, 3),
    ),
    JulyActivity(
        "Illustrative: online training on countering the financing of terrorism",
        "training",
        "15-17 Jul 2020",
        S.CAPACITY_BUILDING,
        "UNCCT",
        "Illustrative record: UNCCT trained officials on detecting and disrupting terrorist "
        "financing.",
        (2, 3),
    ),
    JulyActivity(
        "Illustrative: virtual assessment of a Passenger Information Unit",
        "assessment",
        "27-29 Jul 2020",
        S.CAPACITY_BUILDING,
        "SPIB",
        "Illustrative record: the Countering Terrorist Travel Programme assessed a Member "
        "State's readiness to use passenger data.",
        (2, 3),
    ),
)


def _july_activities() -> int:
    created = 0
    for number, item in enumerate(JULY_2020, start=1):
        external_id = f"illustrative-2020-07-{number:02d}"
        if Activity.objects.filter(external_id=external_id).exists():
            continue
        activity = activity_services.activity_create(
            actor=SYSTEM,
            title=item.title,
            kind=item.kind,
            lead_organisation=_org("UNOCT"),
            periods=parse_periods(item.dates),
            narrative=item.narrative,
            newsletter_section=item.section,
            office_unit=OfficeUnit.objects.get(acronym=item.unit),
            pillars=list(Pillar.objects.filter(number__in=item.pillars)),
            source=ILLUSTRATIVE,
            external_id=external_id,
        )
        activity_services.activity_publish_as_system(
            activity=activity, reason="published: illustrative"
        )
        created += 1
    uncct = OfficeUnit.objects.get(acronym="UNCCT")
    for code, value in UNCCT_JULY_2020.items():
        indicator = Indicator.objects.get(code=code)
        if not IndicatorValue.objects.filter(indicator=indicator, unit=uncct, month=JULY).exists():
            activity_services.indicator_value_enter(
                actor=SYSTEM,
                indicator=indicator,
                unit=uncct,
                month=JULY,
                value=value,
                basis=IndicatorValue.Basis.CUMULATIVE,
                source_note="UNCCT results as the office reported them: January to July 2020",
                confirm=True,
            )
    return created


def _september(editor: User, reviewer: User) -> Issue:
    issue = services.issue_generate(actor=editor, month=SEPTEMBER)
    structure = office_structure()
    services.issue_text_update(
        actor=editor,
        issue=issue,
        introduction=SEPTEMBER_INTRODUCTION,
        footer=FOOTER,
        hashtags=HASHTAGS,
        boxes=[
            services.BoxText(
                pk=box.pk,
                title="UNOCT Office Structure",
                body=structure,
                link=box.link,
                placement=Box.Placement.AFTER_HIGHLIGHTS,
            )
            for box in issue.boxes.all()
        ],
    )
    item = issue.items.get(activity__external_id=PHOTO_ITEM)
    with DEMO_PHOTO.open("rb") as upload:
        photo = photo_store(actor=editor, upload=upload, name=DEMO_PHOTO.name)
    services.item_update(
        actor=editor,
        item=item,
        headline=item.headline,
        blurb=item.blurb,
        photo_caption=PHOTO_CAPTION,
        photo_credit=PHOTO_CREDIT,
        photo=photo,
    )
    issue = services.issue_transition(actor=editor, issue=issue, step="submit")
    issue = services.issue_transition(actor=reviewer, issue=issue, step="approve")
    issue = services.issue_transition(
        actor=reviewer, issue=issue, step="publish", confirmed=True, note=f"source: {SEED}"
    )
    for language in ("fr", "ar"):
        _translate(issue, language, editor, reviewer)
    return issue


def _translate(issue: Issue, language: str, editor: User, reviewer: User) -> None:
    """September in ``language``: written by the editor, approved (published) by the reviewer."""
    services.translation_text_update(
        actor=editor,
        issue=issue,
        language=language,
        introduction=demo_translations.INTRODUCTION[language],
        footer=demo_translations.FOOTER[language],
    )
    for item in issue.items.select_related("activity"):
        external_id = (item.activity.external_id if item.activity else "") or ""
        words = demo_translations.ITEMS[language].get(external_id)
        if words is None:
            continue
        headline, blurb = words
        services.item_translation_update(
            actor=editor,
            item=item,
            language=language,
            headline=headline,
            blurb=blurb,
            group=demo_translations.GROUPS[language].get(item.group, ""),
            photo_caption=demo_translations.PHOTO_CAPTION[language] if item.photo_id else "",
        )
    services.translation_transition(actor=editor, issue=issue, language=language, step="submit")
    services.translation_transition(actor=reviewer, issue=issue, language=language, step="approve")


def load_highlights() -> int:
    """September 2020 published, July 2020 sent for review by one editor (idempotent).

    Needs the demo accounts (``editor`` writes, ``reviewer`` approves) and the office's
    demo records. Returns the number of issues added.
    """
    editor = User.objects.filter(username=EDITOR).first()
    reviewer = User.objects.filter(username=REVIEWER).first()
    if editor is None or reviewer is None:
        return 0
    _july_activities()
    added = 0
    if not Issue.objects.filter(month=JULY).exists():
        # July first: September, a later month, then carries July's standing text.
        july = services.issue_generate(actor=editor, month=JULY)
        services.issue_text_update(
            actor=editor,
            issue=july,
            introduction=july.introduction,
            footer=FOOTER,
            hashtags=HASHTAGS,
            boxes=[services.BoxText(pk=b.pk, title=b.title, body=b.body, link=b.link,
                                    placement=b.placement) for b in july.boxes.all()],
        )  # fmt: skip
        services.issue_transition(
            actor=editor, issue=july, step="submit", note="ready for a second reading"
        )
        added += 1
    if not Issue.objects.filter(month=SEPTEMBER).exists():
        _september(editor, reviewer)
        added += 1
    return added
