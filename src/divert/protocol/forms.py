"""Forms for the protocol pages."""

from django import forms
from django.contrib.auth import get_user_model

from divert.core.forms import VersionField
from divert.core.roles import Agency, Role

from .models import Outcome, PanelDecision, SectionResponse


class SectionForm(forms.Form):
    version = VersionField()
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}), label="Your answer")
    state = forms.ChoiceField(choices=SectionResponse.State.choices, widget=forms.RadioSelect, label="State")


class OpenForm(forms.Form):
    suspected_offence = forms.CharField(max_length=200, required=False, label="Suspected offence")
    offence_on = forms.DateField(required=False, label="Date of the offence (YYYY-MM-DD)")


class DecisionForm(forms.Form):
    gravity_score = forms.IntegerField(min_value=1, max_value=5, label="Child Gravity Matrix score (1 to 5)")
    aggravating_factors = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                          label="Aggravating factors")
    mitigating_factors = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                         label="Mitigating factors")
    outcome = forms.ModelChoiceField(queryset=Outcome.objects.filter(panel_option=True), to_field_name="code",
                                     label="Decision")
    conditions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 label="Conditions (youth conditional caution) or activity (outcome 22)")
    departure_rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                          label="Why the decision departs from the score (if it does)")
    admission = forms.ChoiceField(choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")], required=False,
                                  widget=forms.RadioSelect, label="Did the child admit the offence?")
    victim_views = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Victim's views")
    victim_consents_to_restorative = forms.BooleanField(required=False, label="The victim consents to restorative work")
    child_views = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="The child's views")
    carer_views = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="The carer's views")
    decided_by = forms.ChoiceField(choices=PanelDecision.DecidedBy.choices, widget=forms.RadioSelect,
                                   label="Who decided", initial=PanelDecision.DecidedBy.JOINT)
    intervention = forms.CharField(required=False, max_length=300, label="Intervention")
    intervention_owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                                label="Intervention owner", empty_label="Choose the owner")
    intervention_due_on = forms.DateField(required=False, label="Intervention due (YYYY-MM-DD)")
    intervention_2 = forms.CharField(required=False, max_length=300, label="Second intervention")
    intervention_2_owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                                  label="Second intervention owner", empty_label="Choose the owner")
    intervention_2_due_on = forms.DateField(required=False, label="Second intervention due (YYYY-MM-DD)")
    review_on = forms.DateField(required=False, label="Review date (YYYY-MM-DD)")
    first_time_entrant_confirmed = forms.BooleanField(
        required=False, label="I have seen the child's history and confirm this first-time entry")

    def __init__(self, *args, owners=None, **kwargs):
        """`owners`: the users who may own an intervention on this case (selectors.intervention_owner_choices)."""
        super().__init__(*args, **kwargs)
        for name in ("intervention_owner", "intervention_2_owner"):
            field = self.fields[name]
            field.queryset = owners if owners is not None else get_user_model().objects.none()
            field.label_from_instance = person_label


def person_label(user) -> str:
    """A person as colleagues know them: their name and role, the username only when no name is set."""
    name = user.get_full_name() or user.username
    role = getattr(getattr(user, "profile", None), "role", "")
    return f"{name} ({Role(role).label})" if role in Role.values else name


class PanelForm(forms.Form):
    held_on = forms.DateField(label="Panel date (YYYY-MM-DD)")


YES_NO = [("", "Not known"), ("yes", "Yes"), ("no", "No")]


class QuestionsForm(forms.Form):
    """The protocol's questions (National protocol on reducing unnecessary criminalisation, 2018)."""
    version = VersionField()

    family_test = forms.ChoiceField(choices=[("", "Not answered"), ("yes", "Yes"), ("no", "No"), ("unsure", "Unsure")],
                                    required=False, widget=forms.RadioSelect,
                                    label="Would this have led to police involvement if the child lived with their "
                                          "family?")
    family_test_reasons = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                          label="Reasons for the family-test answer")
    behaviour_policy_followed = forms.ChoiceField(choices=YES_NO, required=False, widget=forms.RadioSelect,
                                                  label="Did the home follow its behaviour policy?")
    why_police_involved = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                          label="Why were the police involved?")
    restorative_action_taken = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                               label="Restorative or informal action already taken")
    victim_wishes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Victim's wishes")
    exploitation_indicators = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                              label="Exploitation indicators")
    duress_indicators = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                        label="Duress indicators")
    modern_slavery_s45 = forms.ChoiceField(choices=YES_NO, required=False, widget=forms.RadioSelect,
                                           label="Could a s.45 Modern Slavery Act defence apply?")
    childs_account = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                     label="The child's own account and views")


class ChargingForm(forms.Form):
    version = VersionField()
    decision = forms.CharField(max_length=200, label="Charging decision")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Reasons")


class MemberForm(forms.Form):
    """One panel member: a name, the role they sit in and their agency."""

    name = forms.CharField(max_length=200, required=False, label="Name")
    role = forms.CharField(max_length=200, required=False, label="Sits as (for example chair, CPS youth specialist)")
    agency = forms.ChoiceField(choices=[("", "Choose an agency"), *Agency.choices], required=False, label="Agency")


MemberFormSet = forms.formset_factory(MemberForm, extra=2)


class AddCaseForm(forms.Form):
    case = forms.IntegerField(min_value=1, label="Case number to add to the agenda")
