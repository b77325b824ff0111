"""The review queue: doubtful matches side by side, confirm / reject / not sure, and the page
that undoes a link from a police record (Divert product decision: every automatic link can be undone by a person).

Analysts, CiCPOs and administrators only. Every page that shows a child writes an access-log row.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from divert.core.audit import log_access
from divert.core.scoping import require_roles
from divert.core.versioning import StaleEdit

from . import actions, selectors
from .access import REVIEW_ROLES
from .actions import HOME_SUBJECTS
from .forms import ManualLinkForm, ReviewDecisionForm, UndoLinkForm
from .models import ReviewItem, SubjectType
from .render import queue_rows_html

QUEUE_PAGE = 50
DECISIONS = {"confirm": actions.confirm_review_item, "reject": actions.reject_review_item,
             "not_sure": actions.mark_not_sure}
DONE_MESSAGES = {"confirm": "Link confirmed.", "reject": "Match rejected: this pair will not come back.",
                 "not_sure": "Marked as not sure: the item stays on the not-sure list."}


class CountedPaginator(Paginator):
    """A paginator told its count, when the page has counted the rows already (no second COUNT query)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._count


@require_roles(*REVIEW_ROLES)
def review_queue(request):
    state = request.GET.get("state", ReviewItem.State.OPEN)
    if state not in selectors.QUEUE_STATES:
        state = ReviewItem.State.OPEN
    kind = request.GET.get("kind", "")
    if kind not in SubjectType.values:
        kind = ""
    # One count of the waiting items by state and kind serves the tabs, the kind filter and the paginator.
    waiting = selectors.queue_counts()
    counts = {s: sum(n for (st, k), n in waiting.items() if st == s and (not kind or k == kind))
              for s in selectors.QUEUE_STATES}
    page = CountedPaginator(selectors.review_queue_ids(state=state, kind=kind), QUEUE_PAGE,
                            count=counts[state]).get_page(request.GET.get("page"))
    items = selectors.items_in_order(page.object_list)
    log_access(user=request.user, children=[i.candidate_child for i in items if i.candidate_child_id],
               channel="page", what="review queue", path=request.get_full_path())
    kinds = [{"value": k.value, "label": f"{k.label} ({waiting.get((state, k.value), 0)})"}
             for k in selectors.KIND_ORDER]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "matching/review_queue.html",
                  {"items": items, "rows_html": queue_rows_html(selectors.queue_rows(items)), "page": page,
                   "state": state, "kind": kind, "kinds": kinds, "counts": counts,
                   "query": query.urlencode(), "first": items[0] if items else None})


@require_roles(*REVIEW_ROLES)
@require_http_methods(["GET", "POST"])
def review_item(request, pk: int):
    item = get_object_or_404(ReviewItem.objects.select_related("candidate_child", "candidate_home"), pk=pk)
    if request.method == "POST":
        form = ReviewDecisionForm(request.POST)
        if form.is_valid() and item.state in selectors.QUEUE_STATES:
            decision = form.cleaned_data["decision"]
            try:
                DECISIONS[decision](item=item, user=request.user, version=form.cleaned_data["version"])
            except StaleEdit as exc:
                messages.error(request, exc.messages[0])
                return redirect("matching:review_item", pk=item.pk)
            messages.success(request, DONE_MESSAGES[decision])
            nxt = selectors.next_item_after(item)
            return redirect("matching:review_item", pk=nxt.pk) if nxt else redirect("matching:review")
        messages.error(request, "This item has already been decided.")
        return redirect("matching:review_item", pk=item.pk)
    subject = selectors.subject_of(item.subject_type, item.subject_id)
    others = list(selectors.other_candidates(item))
    shown = [i.candidate_child for i in [item, *others] if i.candidate_child_id]  # the other candidates are named too
    if shown:
        log_access(user=request.user, children=shown, channel="page", what="review item", path=request.path)
    place = item.subject_type in HOME_SUBJECTS
    return render(request, "matching/review_item.html", {
        "item": item, "subject": subject, "rows": selectors.side_by_side(item, subject),
        "record_title": selectors.record_title(item.subject_type, subject),
        "likelihood": selectors.probability_words(item.score, place=place),
        "reasons": selectors.reason_words(item.evidence or {}),
        "context_rows": selectors.subject_context(item.subject_type, subject),
        "others": selectors.queue_rows(others),
        "open": item.state in selectors.QUEUE_STATES, "evidence": item.evidence or {},
        "other_evidence": selectors.other_evidence(item.evidence or {}),
        "aliases": list(item.candidate_child.aliases.all()) if item.candidate_child is not None else [],
    })


@require_roles(*REVIEW_ROLES)
@require_http_methods(["GET", "POST"])
def undo(request, subject_type: str, subject_id: int):
    if subject_type not in SubjectType.values:
        raise Http404("Unknown record type")
    subject = selectors.subject_of(subject_type, subject_id)
    if subject is None:
        raise Http404("No such record")
    target = selectors.current_target(subject_type, subject)
    linking = request.method == "POST" and request.POST.get("action") == "link"
    form = UndoLinkForm(request.POST if request.method == "POST" and not linking else None)
    link_form = ManualLinkForm(request.POST if linking else None)
    if request.method == "POST" and not linking and target is not None and form.is_valid():
        actions.undo_link(subject_type=subject_type, subject_id=subject_id, user=request.user,
                          reason=form.cleaned_data["reason"])
        messages.success(request, "Link undone. The record is no longer linked, and this pair will not be made again.")
        return redirect("matching:undo", subject_type=subject_type, subject_id=subject_id)
    if linking and target is None and link_form.is_valid():
        found = selectors.manual_target(subject_type, request.user, link_form.cleaned_data["reference"])
        if found is None:
            link_form.add_error("reference", "There is no such record that you can see: check the reference.")
        else:
            actions.link_manually(subject_type=subject_type, subject_id=subject_id, user=request.user,
                                  target_id=found[0])
            messages.success(request, f"Linked to {found[1]}.")
            return redirect("matching:undo", subject_type=subject_type, subject_id=subject_id)
    history = list(selectors.link_history(subject_type, subject_id)[:50])
    for d in history:
        words = selectors.probability_words(d.score, place=subject_type in HOME_SUBJECTS)
        d.likelihood = words if d.score is not None else ""  # type: ignore[attr-defined]
    shown = [d.child for d in history if d.child_id] + ([target] if target is not None and hasattr(target, "child_id")
                                                         else [])
    log_access(user=request.user, children=shown or None, channel="page", what="link history", path=request.path)
    return render(request, "matching/undo.html", {
        "subject_type": subject_type, "subject_label": SubjectType(subject_type).label, "subject": subject,
        "record_title": selectors.record_title(subject_type, subject),
        "target": target, "form": form, "link_form": link_form, "history": history,
        "links_homes": subject_type in actions.HOME_SUBJECTS,
        "context_rows": selectors.subject_context(subject_type, subject),
    })
