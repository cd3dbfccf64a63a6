"""The one walk of the URLconf the generated tests share (switches, bad input, attacks).

``sample_paths`` gives one concrete path per route with placeholder ids; ``crawl`` follows
the links of the pages themselves, so that each route is reached with the id of a record
that exists; ``post_forms`` lists the POST forms those pages hold. A new page or form is
covered by every walk without anyone adding it to a list.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

SAMPLES = {
    "drf_format_suffix": "json",
    "path": "x",
    "id": "1",
    "int": "1",
    "slug": "csv",
    "uuid": str(uuid.UUID(int=1)),
    "str": "x",
}
# Not pages of ours: Django's admin has its own tests, the API is walked through its schema.
FOREIGN = re.compile(r"^/(admin|api|static)/")


def sample_paths(patterns: list[Any] | None = None, prefix: str = "/") -> Iterator[str]:
    """One concrete path for every route of the URLconf (ids are placeholders)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        route = route.lstrip("^").rstrip("$").replace("\\Z", "")
        route = re.sub(r"\(\?P<format>[^)]*\)", "json", route)
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route).replace("\\.", ".").replace("/?", "/")
        route = re.sub(r"<(\w+):\w+>", lambda m: SAMPLES[m.group(1)], route)
        route = re.sub(r"<\w+>", "x", route)
        if isinstance(pattern, URLResolver):
            yield from sample_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def route_name(path: str) -> str | None:
    """The namespaced name of the route ``path`` resolves to (None: none of ours)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def page_routes() -> dict[str, str]:
    """Route name → placeholder path of every page route (admin and API left out)."""
    routes: dict[str, str] = {}
    for path in sample_paths():
        if FOREIGN.match(path):
            continue
        name = route_name(path)
        if name:
            routes.setdefault(name, path)
    return routes


@dataclass
class Form:
    page: str
    action: str
    method: str
    # name → (kind, value): kind is the input type, "select", "textarea" or "file".
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)


class _PageParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(
                page=self.page,
                action=urljoin(self.page, a.get("action") or self.page),
                method=(a.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            if tag == "input":
                kind = a.get("type", "text").lower()
                if kind in {"submit", "button", "image", "reset"}:
                    return
                if kind in {"checkbox", "radio"} and "checked" not in a:
                    self._form.choices.setdefault(a["name"], []).append(a.get("value", "on"))
                    self._form.fields.setdefault(a["name"], (kind, ""))
                    return
                self._form.fields[a["name"]] = (kind, a.get("value", ""))
            elif tag in {"select", "textarea"}:
                self._form.fields[a["name"]] = (tag, "")
                self._select = a["name"] if tag == "select" else None
        if tag == "option" and self._form is not None and self._select:
            value = a.get("value", "")
            self._form.choices.setdefault(self._select, []).append(value)
            if "selected" in a:
                self._form.fields[self._select] = ("select", value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Site:
    """What a crawl found: one reached path per route name, the forms on those pages."""

    pages: dict[str, str]
    forms: list[Form]
    unreached: dict[str, str]

    @property
    def post_forms(self) -> list[Form]:
        return [form for form in self.forms if form.method == "post"]


def crawl(client: Client, *, start: Iterable[str] = (), limit: int = 400) -> Site:
    """Follow links from every parameterless page route as ``client``; each route is
    recorded with the first path that reached it with a 200 page."""
    routes = page_routes()
    queue = [path for path in routes.values() if "/1/" not in path and "csv" not in path]
    queue = [*start, *queue]
    seen: set[str] = set()
    pages: dict[str, str] = {}
    forms: list[Form] = []
    requests = 0
    while queue and requests < limit:
        path = queue.pop(0)
        name = route_name(path)
        if path in seen or name is None or name in pages or FOREIGN.match(path):
            continue
        seen.add(path)
        response = client.get(path)
        requests += 1
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages[name] = path
        parser = _PageParser(path)
        parser.feed(response.content.decode())
        forms.extend(parser.forms)
        for link in parser.links:
            target = urlsplit(urljoin(path, link))
            if not target.netloc:
                queue.append(target.path)
    unreached = {name: path for name, path in routes.items() if name not in pages}
    return Site(pages, _one_per_route(forms), unreached)


def _one_per_route(forms: list[Form]) -> list[Form]:
    """One form per (route of its action, set of field names): a list of fifty identical
    "publish" buttons is one door."""
    kept: dict[tuple[str | None, str, frozenset[str]], Form] = {}
    for form in forms:
        key = (route_name(urlsplit(form.action).path), form.method, frozenset(form.fields))
        kept.setdefault(key, form)
    return list(kept.values())


def load_demo_site() -> None:
    """Every half's demo data (organisations, activities, bodies, funding, PIU traffic,
    hits and cases), so that each page has a record to show."""
    from aegis.activities.demo import load_activities
    from aegis.coordination.demo import load_coordination
    from aegis.core.demo import load_organisations
    from aegis.funding.demo import load_funding
    from aegis.travel.demo import load_piu

    load_organisations()
    load_activities()
    load_coordination()
    load_funding()
    load_piu()


def signed_in(user: Any, *, enforce_csrf_checks: bool = False) -> Client:
    """A client of ``user`` whose session has passed the second factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="walk", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@dataclass
class Operation:
    method: str
    path: str  # with the ids of existing records in place of {id}
    query: list[tuple[str, str]]  # (name, schema type)
    body: dict[str, str]  # property → schema type, for a JSON request body


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    for key in ("allOf", "oneOf", "anyOf"):
        if node.get(key):
            return _resolved(schema, node[key][0])
    return node


def api_operations(client: Client) -> list[Operation]:
    """Every operation of the OpenAPI schema, with the id of a listed record in its path."""
    schema = client.get("/api/v1/schema/?format=json").json()
    operations = []
    for template, item in schema["paths"].items():
        path = template
        if "{" in template:
            listing = client.get(template.split("{", 1)[0])
            first = None
            if listing.status_code == 200 and "json" in listing.get("Content-Type", ""):
                body = listing.json()
                rows = body.get("results", body) if isinstance(body, dict) else body
                first = rows[0] if isinstance(rows, list) and rows else None
            sample = str(first.get("id", 1)) if isinstance(first, dict) else "1"
            ids = {"acknowledgement": SAMPLES["uuid"]}
            path = re.sub(r"\{(\w+)\}", lambda m: ids.get(m[1], sample), path)  # noqa: B023
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            query = [
                (p["name"], _resolved(schema, p.get("schema", {})).get("type", "string"))
                for p in operation.get("parameters", [])
                if p.get("in") == "query"
            ]
            content = operation.get("requestBody", {}).get("content", {})
            body_schema = _resolved(schema, content.get("application/json", {}).get("schema", {}))
            body = {
                name: _resolved(schema, spec).get("type", "string")
                for name, spec in body_schema.get("properties", {}).items()
                if not spec.get("readOnly")
            }
            operations.append(Operation(method, path, query, body))
    return operations
