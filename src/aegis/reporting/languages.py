"""The newsletter's standing words in each UN language, and the marker of English fallback.

English is the source. A text the issue's translators have not given in a language, or a
record's own text (an activity's title, a unit's or a pillar's name), prints in English
after ``[EN]`` so that a reader always sees which words are not in their language.
"""

from __future__ import annotations

FALLBACK = "[EN] "

# key: English; then per language. A key missing in a language prints in English, marked.
LABELS: dict[str, dict[str, str]] = {
    "title": {
        "en": "Monthly Highlights",
        "fr": "Faits marquants du mois",
        "es": "Aspectos destacados del mes",
        "ar": "أبرز أحداث الشهر",
        "ru": "Основные события месяца",
        "zh-hans": "每月要闻",
    },
    "office": {
        "en": "United Nations Office of Counter-Terrorism",
        "fr": "Bureau de lutte contre le terrorisme de l'Organisation des Nations Unies",
        "es": "Oficina de las Naciones Unidas de Lucha contra el Terrorismo",
        "ar": "مكتب الأمم المتحدة لمكافحة الإرهاب",
        "ru": "Контртеррористическое управление Организации Объединенных Наций",
        "zh-hans": "联合国反恐怖主义办公室",
    },
    "political_leadership": {
        "en": "Political Leadership",
        "fr": "Direction politique",
        "es": "Liderazgo político",
        "ar": "القيادة السياسية",
        "ru": "Политическое руководство",
        "zh-hans": "政治领导",
    },
    "highlights": {
        "en": "Highlights",
        "fr": "Faits marquants",
        "es": "Aspectos destacados",
        "ar": "أبرز الأحداث",
        "ru": "Основные события",
        "zh-hans": "要闻",
    },
    "capacity_building": {
        "en": "Capacity Building",
        "fr": "Renforcement des capacités",
        "es": "Creación de capacidad",
        "ar": "بناء القدرات",
        "ru": "Наращивание потенциала",
        "zh-hans": "能力建设",
    },
    "mandate": {
        "en": "UNOCT Mandate",
        "fr": "Mandat du Bureau de lutte contre le terrorisme",
        "es": "Mandato de la Oficina de Lucha contra el Terrorismo",
        "ar": "ولاية مكتب مكافحة الإرهاب",
        "ru": "Мандат Контртеррористического управления",
        "zh-hans": "反恐办任务",
    },
    "contributors": {
        "en": "Top Contributors to UNOCT",
        "fr": "Principaux contributeurs du Bureau de lutte contre le terrorisme",
        "es": "Principales contribuyentes a la Oficina de Lucha contra el Terrorismo",
        "ar": "أكبر المساهمين في مكتب مكافحة الإرهاب",
        "ru": "Основные доноры Контртеррористического управления",
        "zh-hans": "反恐办主要捐助方",
    },
    "top_donors": {
        "en": "Overall the top donors to date are:",
        "fr": "À ce jour, les principaux donateurs sont :",
        "es": "Hasta la fecha, los principales donantes son:",
        "ar": "وأكبر المانحين حتى الآن هم:",
        "ru": "На сегодняшний день основными донорами являются:",
        "zh-hans": "迄今为止的主要捐助方为：",
    },
    "donor": {
        "en": "Donor",
        "fr": "Donateur",
        "es": "Donante",
        "ar": "الجهة المانحة",
        "ru": "Донор",
        "zh-hans": "捐助方",
    },
    "pledged": {
        "en": "Pledged ($M)",
        "fr": "Annoncé (M$)",
        "es": "Prometido (M$)",
        "ar": "المعلن عنه (مليون دولار)",
        "ru": "Объявлено (млн долл.)",
        "zh-hans": "认捐（百万美元）",
    },
    "received": {
        "en": "Received ($M)",
        "fr": "Reçu (M$)",
        "es": "Recibido (M$)",
        "ar": "المستلم (مليون دولار)",
        "ru": "Получено (млн долл.)",
        "zh-hans": "已收（百万美元）",
    },
    # Legends are drawn in the SVG chart, whose text WeasyPrint does not shape with marks:
    # the Arabic is written without its optional vowel marks (as usual in print).
    "pledged_legend": {
        "en": "Pledged",
        "fr": "Annoncé",
        "es": "Prometido",
        "ar": "المعلن عنه",
        "ru": "Объявлено",
        "zh-hans": "认捐",
    },
    "received_legend": {
        "en": "Received",
        "fr": "Reçu",
        "es": "Recibido",
        "ar": "المستلم",
        "ru": "Получено",
        "zh-hans": "已收",
    },
    "strategy": {
        "en": "UN Global Counter-Terrorism Strategy",
        "fr": "Stratégie antiterroriste mondiale des Nations Unies",
        "es": "Estrategia Global de las Naciones Unidas contra el Terrorismo",
        "ar": "استراتيجية الأمم المتحدة العالمية لمكافحة الإرهاب",
        "ru": "Глобальная контртеррористическая стратегия Организации Объединенных Наций",
        "zh-hans": "联合国全球反恐战略",
    },
    "pillar": {
        "en": "Pillar",
        "fr": "Pilier",
        "es": "Pilar",
        "ar": "الركيزة",
        "ru": "Компонент",
        "zh-hans": "支柱",
    },
    "corrected": {
        "en": "Corrected (version {version}):",
        "fr": "Rectificatif (version {version}) :",
        "es": "Corrección (versión {version}):",
        "ar": "تصويب (الإصدار {version}):",
        "ru": "Исправление (версия {version}):",
        "zh-hans": "更正（第{version}版）：",
    },
    "chart": {
        "en": "Top donors: pledged and received, in millions of US dollars",
        "fr": "Principaux donateurs : montants annoncés et reçus, "
        "en millions de dollars des États-Unis",
        "es": "Principales donantes: sumas prometidas y recibidas, "
        "en millones de dólares de los EE.UU.",
        "ar": "أكبر المانحين: المبالغ المعلن عنها والمستلمة، بملايين دولارات الولايات المتحدة",
        "ru": "Основные доноры: объявленные и полученные взносы, млн долл. США",
        "zh-hans": "主要捐助方：认捐额与已收额（百万美元）",
    },
}


def label(key: str, language: str) -> str:
    """The standing word ``key`` in ``language``; English, marked, where none is written."""
    words = LABELS[key]
    if language in words:
        return words[language]
    return FALLBACK + words["en"]


def labels(language: str) -> dict[str, str]:
    return {key: label(key, language) for key in LABELS}


def in_language(text: str, translated: str, language: str) -> str:
    """``translated`` when given; else the English ``text``, marked (never a silent mix)."""
    if language == "en" or not text:
        return text
    if translated.strip():
        return translated.strip()
    return FALLBACK + text
