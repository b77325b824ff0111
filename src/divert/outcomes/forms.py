"""Forms for the outcomes pages."""

from django import forms

from .models import ReconciliationResolution


class ResolveForm(forms.Form):
    right = forms.ChoiceField(choices=ReconciliationResolution.Right.choices, widget=forms.RadioSelect,
                              label="Which source is right?")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note: what you checked")


class ReportTextForm(forms.Form):
    recommendations = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                      label="Recommendations")
    finance_comments = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                       label="Finance comments")
