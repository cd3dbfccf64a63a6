"""The one upload page every all-or-nothing import uses (activities, organisations …)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aegis.core.models import User
from aegis.core.tabular import ImportFailed, ImportResult, Row, RowError, TableError, read_table

Importer = Callable[..., ImportResult]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("The same columns as the export. All rows are loaded, or none."),
    )


def import_page(
    request: HttpRequest,
    *,
    actor: User,
    importer: Callable[..., ImportResult],
    columns: Sequence[str],
    required: Sequence[str],
    title: str,
    back_url: str,
) -> HttpResponse:
    """Show the upload form; on a good file import it all, on a bad one list every bad row."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows: list[Row] = read_table(upload, name=upload.name, required=required)
            result = importer(actor=actor, rows=rows)
        except TableError as error:
            form.add_error("file", str(error))
        except ImportFailed as failure:
            errors = failure.errors
            form.add_error(
                None,
                _("%(count)s error(s): nothing was imported. Correct the rows below and try again.")
                % {"count": len(errors)},
            )
        else:
            messages.success(
                request,
                _("Imported: %(created)s created, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(back_url)
    return render(
        request,
        "includes/import.html",
        {
            "form": form,
            "row_errors": errors,
            "columns": columns,
            "title": title,
            "back_url": back_url,
        },
    )
