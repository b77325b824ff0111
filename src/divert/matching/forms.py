"""Forms for the review queue and undo page."""

from django import forms

from divert.core.forms import VersionField


class ReviewDecisionForm(forms.Form):
    version = VersionField()
    decision = forms.ChoiceField(choices=[("confirm", "Confirm"), ("reject", "Reject"), ("not_sure", "Not sure")])


class UndoLinkForm(forms.Form):
    reason = forms.CharField(label="Why is this link wrong?", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}))


class ManualLinkForm(forms.Form):
    reference = forms.CharField(max_length=40, strip=True)
