from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from defusedxml import ElementTree

from paxscreen.watchlists import (
    DateKind,
    Document,
    EntryKind,
    ListedDate,
    NameKind,
    NameQuality,
    Watchlist,
    WatchlistFormatError,
    load_un_xml,
)

from .conftest import UN_XML


def test_every_individual_and_entity_is_loaded(un_list: Watchlist) -> None:
    root = ElementTree.parse(UN_XML).getroot()

    counts = un_list.counts()

    assert counts["persons"] == len(root.findall("INDIVIDUALS/INDIVIDUAL")) == 709
    assert counts["entities"] == len(root.findall("ENTITIES/ENTITY")) == 305
    assert len({entry.reference for entry in un_list.entries}) == 1014


def test_every_non_empty_alias_is_kept_with_its_quality(un_list: Watchlist) -> None:
    root = ElementTree.parse(UN_XML).getroot()
    expected = Counter(
        (alias.findtext("QUALITY") or "").strip().casefold()
        for alias in root.iter("INDIVIDUAL_ALIAS")
        if (alias.findtext("ALIAS_NAME") or "").strip()
    )

    loaded = Counter(
        name.quality
        for entry in un_list.entries
        if entry.kind is EntryKind.PERSON
        for name in entry.names
        if name.kind in {NameKind.ALIAS, NameKind.PREVIOUS}
    )

    assert sum(expected.values()) == sum(loaded.values()) == 2087
    assert loaded[NameQuality.LOW] == expected["low"] == 609
    assert loaded[NameQuality.GOOD] == expected["good"]


def test_an_individual_is_mapped_field_by_field(un_list: Watchlist) -> None:
    entry = next(entry for entry in un_list.entries if entry.reference == "KPi.033")

    assert entry.kind is EntryKind.PERSON
    assert entry.primary_name == "RI WON HO"
    assert entry.dates_of_birth == (ListedDate(DateKind.EXACT, 1964, 7, 17),)
    assert entry.nationalities == ("PRK",)
    assert entry.documents == (Document("Passport", "381310014", None),)
    assert entry.programme == "DPRK"
    assert str(entry.listed_on) == "2016-11-30"


@pytest.mark.parametrize(
    ("kind", "count"),
    [(DateKind.EXACT, 726), (DateKind.APPROXIMATE, 120), (DateKind.BETWEEN, 32)],
)
def test_dates_of_birth_keep_their_kind(un_list: Watchlist, kind: DateKind, count: int) -> None:
    found = sum(listed.kind is kind for entry in un_list.entries for listed in entry.dates_of_birth)

    assert found == count


def test_what_cannot_be_mapped_is_reported(un_list: Watchlist) -> None:
    notes = {(note.where, note.what) for note in un_list.unmapped}

    assert (
        "LYi.026 INDIVIDUAL_DATE_OF_BIRTH/NOTE",
        "date of birth given only as '29 years old'",
    ) in notes
    # the narrative summary is modelled now (shown on the hit page)
    assert "COMMENTS1" not in un_list.ignored_fields
    assert sum(bool(entry.summary) for entry in un_list.entries) == 856
    assert un_list.version == "2020-03-20T19:09:21.822-04:00"


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n</CONSOLIDATED_LIST>\n")

    with pytest.raises(
        WatchlistFormatError, match=r"broken\.xml, line 3, column 2: not well-formed"
    ):
        load_un_xml(broken)
