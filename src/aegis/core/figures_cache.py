"""Dashboards' figures, kept in the cache until a record they are drawn from changes.

Each dashboard figure is stored under a key that carries the current *generation* of every
topic it reads ("activities", "funding"). A write to any model of a topic (save, delete, a
many-to-many change) gives that topic a new generation at once and again when the transaction
commits, so the next view computes fresh figures: a reader that ran during the write's
transaction cannot leave a stale figure under the generation that follows the commit.
Generations are random tokens, not counters: a generation evicted from the cache is replaced
by a new token, never by one an old entry was stored under.

The cache is Django's (LocMem per process by default, Redis when AEGIS_CACHE_URL names one):
with several processes, LocMem generations are per process too, but each process bumps its
own on its own writes only; set AEGIS_CACHE_URL for a shared cache when running more than one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

T = TypeVar("T")

# Which topics a write to a model of each app (or to one model, by label) makes stale.
# Whole apps, so a model added later is covered without remembering this list.
_TOPICS_BY_APP: dict[str, tuple[str, ...]] = {
    "activities": ("activities", "funding"),  # programmes are funding earmarks too
    "coordination": ("activities",),
    "funding": ("funding",),
}
_TOPICS_BY_MODEL: dict[str, tuple[str, ...]] = {
    "core.Country": ("activities", "funding"),
    "core.Region": ("activities",),
    "core.Organisation": ("activities", "funding"),
}

# A safety net only: figures are invalidated by writes; this bounds how long a write that
# bypasses model signals (a raw ``QuerySet.update``) could leave a figure stale.
TIMEOUT_SECONDS = 15 * 60
_PREFIX = "aegis:figures"


def _generation_key(topic: str) -> str:
    return f"{_PREFIX}:generation:{topic}"


def _generations(topics: Iterable[str]) -> list[str]:
    keys = [_generation_key(topic) for topic in topics]
    found: dict[str, Any] = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), None)
            found[key] = cache.get(key)
    return [str(found[key]) for key in keys]


def cached_figures(topics: tuple[str, ...], name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value, from the cache while no record of ``topics`` has changed.

    ``name`` must say everything the value depends on besides the records (the period shown);
    the active language is added, since figures carry translated labels."""
    key = ":".join((_PREFIX, name, get_language() or "", *_generations(topics)))
    missing = object()
    found = cache.get(key, missing)
    if found is not missing:
        return cast(T, found)
    value = compute()
    cache.set(key, value, TIMEOUT_SECONDS)
    return value


def invalidate(*topics: str) -> None:
    """Give each topic a new generation now and once more when the transaction commits."""

    def renew() -> None:
        cache.set_many({_generation_key(t): secrets.token_hex(8) for t in topics}, None)

    renew()
    transaction.on_commit(renew)


def _topics_for(model: type[models.Model]) -> tuple[str, ...]:
    meta = model._meta
    return _TOPICS_BY_MODEL.get(meta.label) or _TOPICS_BY_APP.get(meta.app_label, ())


def _on_write(sender: type[models.Model], **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    topics = _topics_for(sender)
    if topics:
        invalidate(*topics)


def _on_m2m(sender: type[models.Model], instance: models.Model, action: str, **_: Any) -> None:
    if action.startswith("post_"):
        topics = {*_topics_for(sender), *_topics_for(type(instance))}
        if topics:
            invalidate(*sorted(topics))


def connect() -> None:
    """Listen to every model's writes (called once, from an app's ``ready``)."""
    post_save.connect(_on_write, dispatch_uid="aegis.figures_cache.save")
    post_delete.connect(_on_write, dispatch_uid="aegis.figures_cache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="aegis.figures_cache.m2m")
