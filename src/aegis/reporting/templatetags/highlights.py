"""``{{ text|en }}``: a text printed in English in another language's issue, isolated.

Marked ``[EN]`` by the composition, it is wrapped in ``<bdi lang="en" dir="ltr">`` so that
an English phrase in an Arabic page keeps its order and a screen reader its language.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from aegis.reporting.languages import FALLBACK

register = template.Library()


@register.filter
def en(text: object) -> str | SafeString:
    value = str(text)
    if value.startswith(FALLBACK):
        return format_html('<bdi class="hl-en" lang="en" dir="ltr">{}</bdi>', value)
    return value


@register.filter
def in_english(text: object) -> bool:
    """Whether ``text`` is printed in English in another language's issue."""
    return str(text).startswith(FALLBACK)
