"""What an issue of the Monthly Highlights says, composed from published records.

The content is plain data (dicts, lists, strings, numbers) so that a published
issue can be frozen as JSON and rendered again, identically, to HTML, PDF or
Markdown at any later time.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.formats import date_format

from aegis.activities.models import Activity, Indicator, OfficeUnit, Pillar
from aegis.activities.periods import Period, format_periods
from aegis.activities.selectors import indicators_progress
from aegis.coordination.models import Body, Membership
from aegis.coordination.selectors import members_on
from aegis.core.models import User
from aegis.funding.models import InKindContribution, Pledge
from aegis.funding.selectors import fund_summary, top_donors
from aegis.reporting.languages import in_language, label
from aegis.reporting.models import Box, Issue, IssueTranslation, ItemTranslation, NewsletterItem

Content = dict[str, Any]

SECTION_TITLES = {
    NewsletterItem.Section.POLITICAL_LEADERSHIP: "Political Leadership",
    NewsletterItem.Section.HIGHLIGHTS: "Highlights",
    NewsletterItem.Section.CAPACITY_BUILDING: "Capacity Building",
}
# The mandate box: the office's five functions, the bold phrase first (GA resolution 71/291).
MANDATE = (
    ("Provide leadership", "on the GA counter-terrorism mandates entrusted to the "
     "Secretary-General from across the UN system"),
    ("Enhance coordination and coherence", "across the {founding} Global Counter-Terrorism "
     "Compact entities to ensure the balanced implementation of the four pillars of the UN "
     "Global CT Strategy"),
    ("Strengthen delivery", "of UN counter-terrorism capacity building assistance to Member "
     "States"),
    ("Improve visibility", "advocacy and resource mobilization for UN counter-terrorism efforts"),
    ("Ensure that due priority is given", "to counter-terrorism across the UN system and that "
     "the important work on preventing violent extremism is firmly rooted in the Strategy"),
)  # fmt: skip
TOP_DONORS = 10
# The Compact's purpose, as the office words it in every issue.
ALL_OF_UN = (
    'providing an "All-of-UN approach" to the system\'s work on counter-terrorism and '
    "preventing and countering violent extremism, as conducive to terrorism"
)
OFFICE_STRUCTURE_LINK = "www.un.org/counterterrorism/office-structure"
DEFAULT_FOOTER = "For more information: www.un.org/counterterrorism"


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    next_month = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, next_month


def activities_of_month(month: date) -> QuerySet[Activity]:
    """Published activities the newsletter reports for ``month``, in date order."""
    first, next_month = month_bounds(month)
    return (
        Activity.objects.filter(
            status=Activity.Status.PUBLISHED,
            start_date__gte=first,
            start_date__lt=next_month,
        )
        .exclude(newsletter_section="")
        .select_related("office_unit")
        .prefetch_related("periods")
        .order_by("start_date", "pk")
    )


def dates_as_printed(activity: Activity) -> str:
    """ "(14 September)" in Political Leadership, "(3, 10 & 26 Sep)" elsewhere, "" by month."""
    if activity.month_only:
        return ""
    periods = [Period(p.start, p.end) for p in activity.periods.all()]
    long_months = activity.newsletter_section == Activity.Section.POLITICAL_LEADERSHIP
    return f"({format_periods(periods, long_months=long_months)})"


def _unit_heading(unit: OfficeUnit | None) -> str:
    if unit is None:
        return ""
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name


def _unit_rank(unit: OfficeUnit | None) -> tuple[int, str]:
    # The centre reports first, then the branches, as the newsletter lays them out.
    order: dict[str, int] = {OfficeUnit.Kind.CENTRE: 0, OfficeUnit.Kind.BRANCH: 1}
    return (order.get(unit.kind, 2), unit.name) if unit else (3, "")


def draft_items(month: date) -> list[NewsletterItem]:
    """Unsaved items for ``month``: each section in date order, capacity building by unit."""
    activities = list(activities_of_month(month))
    capacity = [
        a for a in activities if a.newsletter_section == NewsletterItem.Section.CAPACITY_BUILDING
    ]
    capacity.sort(key=lambda a: (_unit_rank(a.office_unit), a.start_date, a.pk))
    ordered = [
        a for a in activities if a.newsletter_section != NewsletterItem.Section.CAPACITY_BUILDING
    ]
    items = []
    positions: dict[str, int] = {}
    for activity in [*ordered, *capacity]:
        section = activity.newsletter_section
        positions[section] = positions.get(section, 0) + 1
        items.append(
            NewsletterItem(
                section=section,
                position=positions[section],
                activity=activity,
                group=_unit_heading(activity.office_unit)
                if section == NewsletterItem.Section.CAPACITY_BUILDING
                else "",
                headline=activity.title,
                blurb=activity.narrative,
                dates_text=dates_as_printed(activity),
            )
        )
    return items


def _millions(amount: Decimal) -> str:
    return str((amount / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# Member States whose English short name takes the article in running text.
_WITH_ARTICLE = {"Netherlands", "United Kingdom", "United States", "Russian Federation",
                 "Philippines", "United Arab Emirates", "Republic of Korea"}  # fmt: skip


def _in_running_text(name: str) -> str:
    return f"The {name}" if name in _WITH_ARTICLE else name


def contributors(month: date, actor: User | None) -> Content:
    """Top Contributors: cumulative figures to the end of ``month`` and the top donors,
    with footnote marks for allocations from other funds (*) and in-kind gifts (**)."""
    _, next_month = month_bounds(month)
    until = date.fromordinal(next_month.toordinal() - 1)
    summary = fund_summary(user=actor, until=until)
    figures = top_donors(user=actor, by="pledged", limit=TOP_DONORS)
    shown = {figure.donor_id for figure in figures}
    gifts = [
        gift
        for gift in InKindContribution.objects.filter(year__lte=until.year).select_related("donor")
        if gift.donor_id in shown
    ]
    givers = {gift.donor_id for gift in gifts}
    footnotes = [
        {"mark": "*", "text": f"Allocation from the {figure.name}"}
        for figure in figures
        if figure.from_other_fund
    ]
    footnotes += [
        {
            "mark": "**",
            "text": f"{_in_running_text(gift.donor.name)} also provided in-kind contribution "
            f"valued at ${_millions(gift.value_usd)} million in {gift.year}",
        }
        for gift in gifts
    ]
    return {
        "pledged_musd": _millions(summary.pledged_usd),
        "received_musd": _millions(summary.received_usd),
        "donors": summary.donors_paid,
        "top": [
            {
                "name": figure.short_name,
                "pledged_musd": _millions(figure.pledged_usd),
                "received_musd": _millions(figure.received_usd),
                "mark": ("*" if figure.from_other_fund else "")
                + ("**" if figure.donor_id in givers else ""),
            }
            for figure in figures
        ],
        "footnotes": footnotes,
    }


def compact_figures(month: date) -> Content:
    """The Compact and UNCCT facts of the introduction, as true at the end of ``month``."""
    _, next_month = month_bounds(month)
    end = date.fromordinal(next_month.toordinal() - 1)
    figures: Content = {}
    compact = Body.objects.filter(kind=Body.Kind.COMPACT).first()
    if compact is not None:
        launch = compact.established_on or end
        figures["compact"] = {
            "entities": members_on(body=compact, on=end).count(),
            "founding_entities": members_on(body=compact, on=launch).count(),
            "launched": f"{launch:%B %Y}",
            "working_groups": compact.parts.filter(kind=Body.Kind.WORKING_GROUP).count(),
            "revitalised": next(
                (
                    f"{group.revitalised_on:%B %Y}"
                    for group in compact.parts.filter(kind=Body.Kind.WORKING_GROUP)
                    if group.revitalised_on
                ),
                "",
            ),
        }
    board = Body.objects.filter(kind=Body.Kind.ADVISORY_BOARD).first()
    if board is not None:
        roles = [m.role for m in members_on(body=board, on=end)]
        guests = [
            m.organisation.name
            for m in members_on(body=board, on=end, roles=(Membership.Role.GUEST,))
        ]
        figures["advisory_board"] = {
            "member_states": len(roles) - len(guests),
            "guests": guests,
        }
    return figures


def centre_results(month: date) -> Content | None:
    """Year-to-date capacity-building figures of the centre (UNCCT) through ``month``."""
    centre = OfficeUnit.objects.filter(kind=OfficeUnit.Kind.CENTRE).first()
    if centre is None:
        return None
    indicators = Indicator.objects.filter(values__unit=centre).distinct().order_by("name")
    figures = [
        {"value": progress.value, "label": progress.indicator.name}
        for progress in indicators_progress(
            pairs=[(indicator, centre) for indicator in indicators],
            year=month.year,
            through_month=month.month,
        )
        if progress.value
    ]
    figures.sort(key=lambda figure: figure["label"] != "Individuals trained")
    return {
        "unit": centre.name,
        "period": f"January to {month:%B %Y}" if month.month > 1 else f"{month:%B %Y}",
        "figures": figures,
    }


def founding_contribution() -> Content | None:
    """The Trust Fund's first pledge, which established the centre (UNCCT)."""
    first = Pledge.objects.select_related("donor").order_by("signed_on", "pk").first()
    if first is None:
        return None
    return {"donor": first.donor.name, "year": first.signed_on.year}


def compose_figures(month: date, actor: User | None) -> Content:
    """Everything of an issue that is not an item: refreshed until the issue is published."""
    return {
        **compact_figures(month),
        "founding": founding_contribution(),
        "contributors": contributors(month, actor),
        "pillars": [{"roman": p.roman, "title": p.title} for p in Pillar.objects.all()],
        "results": centre_results(month),
    }


def board_sentence(board: Content, founding: Content | None = None) -> str:
    guests = " and ".join(board["guests"])
    guest = f" plus the {guests} as a Guest Member" if guests else ""
    established = (
        f", which was established by an initial contribution of "
        f"{_in_running_text(founding['donor']).replace('The ', 'the ', 1)} to the "
        f"Counter-Terrorism Trust Fund in {founding['year']}"
        if founding
        else ""
    )
    return (
        "The Office provides most of its capacity-building support to Member States through the "
        f"UN Counter-Terrorism Centre (UNCCT){established}. UNCCT has an Advisory Board "
        f"composed of {board['member_states']} Member States{guest}."
    )


def compact_sentence(compact: Content, *, all_of_un: bool = False) -> str:
    purpose = f", {ALL_OF_UN}" if all_of_un else ""
    return (
        "The UN Global Counter-Terrorism Coordination Compact, a coordination framework "
        f"bringing together {compact['entities']} entities, was launched by the UN "
        f"Secretary-General in {compact['launched']}. It operates through its Coordination "
        f"Committee and {compact['working_groups']} thematic Inter-Agency Working Groups, which "
        f"were revitalized in {compact['revitalised']}{purpose}."
    )


def compose_introduction(figures: Content) -> str:
    """The introduction as the records say it: the centre, its founding and board; the
    Compact. The editor may reword it for the issue."""
    paragraphs = []
    if figures.get("advisory_board"):
        paragraphs.append(board_sentence(figures["advisory_board"], figures.get("founding")))
    if figures.get("compact"):
        paragraphs.append(compact_sentence(figures["compact"], all_of_un=True))
    return "\n\n".join(paragraphs)


def office_structure() -> str:
    """The office's units, one a line, the office itself first (the office-structure box)."""
    # The office, the USG's office (a section), the centre, then the branches.
    rank: dict[str, int] = {
        OfficeUnit.Kind.OFFICE: 0,
        OfficeUnit.Kind.SECTION: 1,
        OfficeUnit.Kind.CENTRE: 2,
        OfficeUnit.Kind.BRANCH: 3,
    }
    units = sorted(OfficeUnit.objects.all(), key=lambda u: (rank.get(u.kind, 4), u.name))
    return "\n".join(_unit_heading(unit) for unit in units)


def default_boxes() -> list[Box]:
    """The boxes a first issue starts with: the office structure, from the office's units."""
    structure = office_structure()
    if not structure:
        return []
    return [
        Box(
            position=1,
            placement=Box.Placement.AFTER_HIGHLIGHTS,
            title="UNOCT Office Structure",
            body=structure,
            link=OFFICE_STRUCTURE_LINK,
        )
    ]


def paragraphs(text: str) -> list[str]:
    """Paragraphs of an editor's text: blank lines separate them; lines inside are kept."""
    return [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


def _photo(item: NewsletterItem) -> Content | None:
    photo = item.photo
    if photo is None:
        return None
    return {
        "key": photo.key,
        "ext": photo.extension,
        "width": photo.width,
        "height": photo.height,
        "caption": item.photo_caption,
        "credit": item.photo_credit,
    }


def _box(box: Box) -> Content:
    return {
        "title": box.title,
        "paragraphs": [block.split("\n") for block in paragraphs(box.body)],
        "link": box.link,
        "placement": box.placement,
    }


def issue_content(
    *,
    month: date,
    items: list[NewsletterItem],
    figures: Content,
    introduction: str | None = None,
    boxes: list[Box] | None = None,
    footer: str = DEFAULT_FOOTER,
    hashtags: str = "",
) -> Content:
    """The whole issue as data, ready for any renderer."""
    compact = figures.get("compact", {})
    sections = []
    for key, title in SECTION_TITLES.items():
        groups: list[Content] = []
        for item in sorted((i for i in items if i.section == key), key=lambda i: i.position):
            if not groups or groups[-1]["heading"] != item.group:
                groups.append({"heading": item.group, "items": []})
            groups[-1]["items"].append(
                {
                    "headline": item.headline,
                    "text": item.blurb,
                    "dates": item.dates_text,
                    "caption": item.photo_caption,
                    "photo": _photo(item),
                }
            )
        if groups:
            sections.append({"key": str(key), "title": title, "groups": groups})
    return {
        "title": "Monthly Highlights",
        "office": "United Nations Office of Counter-Terrorism",
        "month": f"{month:%Y-%m}",
        "month_label": f"{month:%B %Y}",
        "mandate": {
            "established": "Established through GA resolution 71/291 on 15 June 2017, the "
            "Office has 5 functions:",
            "functions": [
                {"bold": bold, "text": text.format(founding=compact.get("founding_entities", ""))}
                for bold, text in MANDATE
            ],
        },
        "introduction": paragraphs(
            compose_introduction(figures) if introduction is None else introduction
        ),
        "sections": sections,
        "boxes": [_box(box) for box in (default_boxes() if boxes is None else boxes)],
        "footer": {"lines": paragraphs(footer), "hashtags": hashtags.strip()},
        **figures,
    }


def content_for_issue(issue: Issue) -> Content:
    """A published issue's frozen content, or a draft's content as it stands."""
    if issue.status == Issue.Status.PUBLISHED and issue.snapshot:
        snapshot: Content = issue.snapshot
        return snapshot
    return content_for_issue_draft(issue)


def content_for_issue_draft(issue: Issue) -> Content:
    """The issue as its items and figures stand now (what publishing freezes)."""
    return issue_content(
        month=issue.month,
        items=list(issue.items.select_related("photo")),
        figures=issue.figures,
        introduction=issue.introduction,
        boxes=list(issue.boxes.all()),
        footer=issue.footer,
        hashtags=issue.hashtags,
    )


def content_for_month(month: date, actor: User | None = None, language: str = "en") -> Content:
    """The month's issue: the published one if any, else composed afresh (nothing saved).

    In another language: its published translation, else the translation as it stands,
    else the composition with every record's text marked as English."""
    issue = Issue.objects.filter(month=month.replace(day=1)).first()
    if language != "en":
        if issue is not None:
            published = published_translation(issue, language)
            return published or content_for_translation(issue, language)
        items = translated_items(draft_items(month), {}, language)
        return localised(
            issue_content(
                month=month.replace(day=1),
                items=items,
                figures=compose_figures(month, actor),
            ),
            language,
        )
    if issue is not None and issue.status == Issue.Status.PUBLISHED:
        return content_for_issue(issue)
    return issue_content(
        month=month.replace(day=1),
        items=draft_items(month),
        figures=compose_figures(month, actor),
    )


def published_translation(issue: Issue, language: str) -> Content | None:
    """The frozen content of ``issue`` in ``language`` once that language is published."""
    translation_row = issue.translations.filter(
        language=language, status=IssueTranslation.Status.PUBLISHED
    ).first()
    if translation_row is None or not translation_row.snapshot:
        return None
    snapshot: Content = translation_row.snapshot
    return snapshot


def published_languages(issue: Issue) -> list[str]:
    """English first (when the issue is published), then its published translations."""
    languages = ["en"] if issue.status == Issue.Status.PUBLISHED or issue.snapshot else []
    return languages + list(
        issue.translations.filter(status=IssueTranslation.Status.PUBLISHED)
        .order_by("language")
        .values_list("language", flat=True)
    )


def month_label(month: date, language: str) -> str:
    """ "September 2020" in ``language``, from Django's locale formats (CLDR month names)."""
    with translation.override(language):
        return date_format(month, "YEAR_MONTH_FORMAT")


def _marked(text: str, language: str) -> str:
    return in_language(text, "", language)


def translated_items(
    items: list[NewsletterItem], translations: dict[int, ItemTranslation], language: str
) -> list[NewsletterItem]:
    """Unsaved copies of ``items`` in ``language``: each text translated, or English marked."""
    result = []
    for item in items:
        words = translations.get(item.pk) or ItemTranslation(language=language)
        result.append(
            NewsletterItem(
                section=item.section,
                position=item.position,
                group=in_language(item.group, words.group, language),
                headline=in_language(item.headline, words.headline, language),
                blurb=in_language(item.blurb, words.blurb, language),
                dates_text=in_language(item.dates_text, words.dates_text, language),
                photo=item.photo,
                photo_caption=in_language(item.photo_caption, words.photo_caption, language),
                photo_credit=item.photo_credit,  # a name, as printed
            )
        )
    return result


def content_for_translation(issue: Issue, language: str) -> Content:
    """The issue in ``language`` as its translation stands: the translators' words where
    given, the standing words of the newsletter, and English marked ``[EN]`` elsewhere."""
    translation_row = issue.translations.filter(language=language).first()
    items = list(issue.items.select_related("photo"))
    words = {
        t.item_id: t
        for t in ItemTranslation.objects.filter(item__issue=issue, language=language)
        if t.status != ItemTranslation.Status.UNTRANSLATED
    }
    introduction = translation_row.introduction if translation_row else ""
    footer = translation_row.footer if translation_row else ""
    content = issue_content(
        month=issue.month,
        items=translated_items(items, words, language),
        figures=issue.figures,
        introduction=introduction
        or "\n\n".join(_marked(p, language) for p in paragraphs(issue.introduction)),
        boxes=[
            Box(
                placement=box.placement,
                title=_marked(box.title, language),
                body="\n".join(_marked(line, language) for line in box.body.splitlines() if line)
                if box.body
                else "",
                link=box.link,
            )
            for box in issue.boxes.all()
        ],
        footer=footer or "\n\n".join(_marked(p, language) for p in paragraphs(issue.footer)),
        hashtags=issue.hashtags,
    )
    return localised(content, language)


def localised(content: Content, language: str) -> Content:
    """``content`` with the newsletter's standing words in ``language`` and the records'
    own words (pillars, donors, results, the mandate) marked as English."""
    content = copy.deepcopy(content)
    content["language"] = language
    content["title"] = label("title", language)
    content["office"] = label("office", language)
    content["month_label"] = month_label(date.fromisoformat(f"{content['month']}-01"), language)
    for section in content["sections"]:
        section["title"] = label(section["key"], language)
    mandate = content["mandate"]
    mandate["established"] = _marked(mandate["established"], language)
    for function in mandate["functions"]:
        function["bold"] = _marked(function["bold"], language)
    for pillar in content.get("pillars", []):
        pillar["title"] = _marked(pillar["title"], language)
    contributors = content.get("contributors")
    if contributors:
        for donor in contributors["top"]:
            donor["name"] = _marked(donor["name"], language)
        for note in contributors["footnotes"]:
            note["text"] = _marked(note["text"], language)
    results = content.get("results")
    if results:
        results["unit"] = _marked(results["unit"], language)
        results["period"] = _marked(results["period"], language)
        for figure in results["figures"]:
            figure["label"] = _marked(figure["label"], language)
    return content
