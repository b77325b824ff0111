"""Register pages: children and homes. Thin: scoping and joins live in selectors, logging in core.audit."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from divert.core.audit import log_access, refuse
from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.core.scoping import role_of

from . import selectors
from .sections import CHILD_PAGE_SECTIONS

PAGE_SIZE = 50


def _refused(request, *, child_id=None, what: str) -> None:
    """Log an attempt to open a record outside the user's scope (the user gets a plain 404)."""
    refuse(request, what=what, child=child_id)


@login_required
def children(request):
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.search_children(request.user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(user=request.user, children=list(page.object_list), channel="page", what="children list",
               path=request.path)
    return render(request, "registers/children.html", {"page": page, "q": q})


@login_required
def child(request, pk: int):
    try:
        found = selectors.get_child_for(request.user, pk)
    except Http404:
        from divert.registers.models import Child

        _refused(request, child_id=pk if Child.objects.filter(pk=pk).exists() else None, what="child page")
        raise
    record = selectors.child_record(request.user, found)
    log_access(user=request.user, children=found, channel="page", what="child page", path=request.path)
    viewers = None
    if role_of(request.user) == Role.ADMINISTRATOR:
        viewers = AccessLog.objects.filter(child=found).select_related("user").order_by("-at")[:50]
    return render(request, "registers/child.html", {"child": found, "record": record, "viewers": viewers,
                                                    "sections": CHILD_PAGE_SECTIONS})


@login_required
def homes(request):
    q = request.GET.get("q", "").strip()[:100]
    qs = selectors.homes_with_counts(selectors.search_homes(request.user, q=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registers/homes.html", {"page": page, "q": q})


@login_required
def home(request, pk: int):
    try:
        found = selectors.get_home_for(request.user, pk)
    except Http404:
        _refused(request, what=f"home page {pk}")
        raise
    record = selectors.home_record(request.user, found)
    if record.children:
        log_access(user=request.user, children=record.children, channel="page", what=f"home page {found.pk}",
                   path=request.path)
    return render(request, "registers/home.html", {"home": found, "record": record})
