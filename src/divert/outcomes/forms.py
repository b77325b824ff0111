"""Forms for the outcomes pages."""

from django import forms

from divert.registers.models import Home

from .models import ImpactActivity, ReconciliationResolution


class ResolveForm(forms.Form):
    right = forms.ChoiceField(choices=ReconciliationResolution.Right.choices, widget=forms.RadioSelect,
                              label="Which source is right?")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note: what you checked")


class ReportTextForm(forms.Form):
    recommendations = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                      label="Recommendations")
    finance_comments = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                       label="Finance comments")


class ImpactForm(forms.Form):
    kind = forms.ChoiceField(choices=ImpactActivity.Kind.choices, widget=forms.RadioSelect, label="Kind of activity")
    title = forms.CharField(max_length=200, label="Title")
    held_on = forms.DateField(label="Date (YYYY-MM-DD)")
    partner = forms.CharField(max_length=200, required=False, label="Partner")
    homes = forms.ModelMultipleChoiceField(queryset=Home.objects.all(), required=False,
                                           widget=forms.CheckboxSelectMultiple, label="Homes reached")
    participants = forms.IntegerField(min_value=0, initial=0, label="Participants")
    evaluation = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 label="Evaluation (attendance, progression)")
    feedback = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Feedback")
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="A quote")
    quote_consent = forms.BooleanField(required=False, label="The person quoted agreed to the quote being used")
