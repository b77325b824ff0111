"""The import pages: upload a file, see the ledger, see one run's problem report (analysts, administrators)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from divert.core.roles import IMPORT_ROLES
from divert.core.spreadsheets import csv_writer

from .forms import UploadForm
from .models import ImportRun
from .report import REPORT_COLUMNS
from .uploads import import_uploads


def can_import(user) -> bool:
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile is not None and profile.role in IMPORT_ROLES


def import_role_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            allowed = can_import(request.user)
        except Exception:  # no profile
            allowed = False
        if not allowed:
            raise PermissionDenied("Only analysts and administrators can import files")
        return view(request, *args, **kwargs)

    return wrapper


@import_role_required
def upload(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            run = import_uploads(kind=d["kind"], files=d["file"], user=request.user, year=d.get("year"),
                                 skip_invalid=d["skip_invalid"], mapping_file=d.get("mapping"))
            return redirect("ingest:detail", pk=run.pk)
    else:
        form = UploadForm()
    recent = ImportRun.objects.select_related("imported_by")[:10]
    return render(request, "ingest/upload.html", {"form": form, "recent": recent})


@import_role_required
def ledger(request):
    page = Paginator(ImportRun.objects.select_related("imported_by"), 50).get_page(request.GET.get("page"))
    return render(request, "ingest/list.html", {"page": page})


@import_role_required
def detail(request, pk: int):
    run = get_object_or_404(ImportRun.objects.select_related("imported_by"), pk=pk)
    return render(request, "ingest/detail.html", {"run": run})


@import_role_required
def problems_csv(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-problems.csv"'
    writer = csv_writer(response)
    writer.writerow(["severity", *REPORT_COLUMNS])
    for severity, items in (("error", run.problems), ("warning", run.warnings)):
        for p in items:
            writer.writerow([severity, *[p.get(c, "") if p.get(c) is not None else "" for c in REPORT_COLUMNS]])
    return response
