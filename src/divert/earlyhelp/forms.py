"""Forms of the early-help pages (GOV.UK markup from templates/core/_form.html)."""

from django import forms

from .models import InterventionType, Referral, Risk


class DateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(**kwargs)


class WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ReferralForm(forms.Form):
    worker = WorkerChoice(queryset=None, label="Named worker (police community support officer)")
    source = forms.ChoiceField(choices=Referral.Source.choices, label="Who referred the child")
    concern = forms.ChoiceField(choices=Referral.Concern.choices, widget=forms.RadioSelect, label="Main concern")
    reason = forms.CharField(widget=forms.Textarea, label="Why the child is referred")
    initial_risk = forms.ChoiceField(choices=Risk.choices, widget=forms.RadioSelect,
                                     label="Exploitation risk at referral")
    referred_on = DateField(label="Date of referral (YYYY-MM-DD)")

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]


class FamilyForm(forms.Form):
    """A family not in care: pseudonymous details only (the service's case reference, never a name)."""

    reference = forms.CharField(max_length=40, label="Early help case reference",
                                help_text="The service's own case number, e.g. EH-20391. Not a name.")
    initials = forms.CharField(max_length=3, required=False, label="Child's initials (optional)")
    birth_year = forms.IntegerField(required=False, label="Child's year of birth (optional)")
    postcode_district = forms.CharField(max_length=4, required=False, label="Postcode district (optional)",
                                        help_text="The first part of the postcode only, e.g. PO4")


class FamilyReferralForm(FamilyForm, ReferralForm):
    """Record a family not in care and refer them in one step."""

    field_order = ["reference", "initials", "birth_year", "postcode_district", "worker", "source", "concern",
                   "reason", "initial_risk", "referred_on"]


class ReassignForm(forms.Form):
    worker = WorkerChoice(queryset=None, label="New named worker (police community support officer)")
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Why the referral moves (optional)")

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    intervention = forms.ModelChoiceField(queryset=InterventionType.objects.none(), widget=forms.RadioSelect,
                                          label="What was done", empty_label=None)
    on = DateField(label="Date (YYYY-MM-DD)")
    child_engaged = forms.BooleanField(required=False, label="The child took part")
    note = forms.CharField(required=False, widget=forms.Textarea, label="Note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = InterventionType.objects.filter(active=True)  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    risk = forms.ChoiceField(choices=Risk.choices, widget=forms.RadioSelect, label="Exploitation risk now")
    reviewed_on = DateField(label="Date of review (YYYY-MM-DD)")
    note = forms.CharField(required=False, widget=forms.Textarea, label="What was found and agreed")


class CloseForm(forms.Form):
    closure = forms.ChoiceField(choices=Referral.Closure.choices, widget=forms.RadioSelect,
                                label="Why the referral closes")
    closed_on = DateField(label="Date closed (YYYY-MM-DD)")
    note = forms.CharField(required=False, widget=forms.Textarea, label="Note")
