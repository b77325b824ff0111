"""The missing-from-care forms: each error says what to do about that field, not Django's "This field is required"."""

import pytest

from divert.missing.forms import (
    EscalationForm,
    EscalationUpdateForm,
    ReturnDetailsForm,
    ReturnInterviewForm,
    RiskReviewForm,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("form_class", "field", "message"), [
    (ReturnInterviewForm, "outcome", "Select the outcome of the return interview"),
    (RiskReviewForm, "grade", "Select the risk grade"),
    (EscalationForm, "to", "Select who to escalate to"),
    (EscalationForm, "owner", "Select who owns the escalation"),
    (EscalationForm, "due_on", "Enter the due date, for example 27/11/2026"),
    (EscalationUpdateForm, "state", "Select the new state"),
    (ReturnDetailsForm, "found_by", "Select who found the child"),
])
def test_a_missing_answer_says_what_to_do(form_class, field, message):
    form = form_class(data={})
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_no_form_falls_back_to_djangos_generic_message():
    for form_class in (ReturnInterviewForm, RiskReviewForm, EscalationForm, EscalationUpdateForm, ReturnDetailsForm):
        form = form_class(data={})
        form.is_valid()
        generic = [f for f, errors in form.errors.items() if "This field is required." in errors]
        assert not generic, (form_class.__name__, generic)
