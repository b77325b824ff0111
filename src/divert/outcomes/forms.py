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


class UnitCostForm(forms.Form):
    label = forms.CharField(max_length=200, label="What the cost is")
    low = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0, label="Low figure (GBP)")
    high = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0, label="High figure (GBP)",
                              help_text="The same as the low figure for a single cost")
    unit = forms.CharField(max_length=60, label="Unit", help_text="e.g. per investigation, per place a year")
    price_year = forms.IntegerField(label="Price year", help_text="The year the prices are from (not inflated)")
    source = forms.CharField(max_length=300, label="Source",
                             help_text="Publication, publisher and year: a cost without a source is not shown")
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")
