"""Forms for missing from care. Answer vocabularies are local reference lists (County lines guidance 2023: keep them
editable)."""

from django import forms
from django.contrib.auth import get_user_model

from divert.core.forms import VersionField

from .access import ESCALATION_OWNER_ROLES
from .models import Escalation, FollowUpReferral, MissingEpisode, ReturnInterview, RiskGrade

PUSH_FACTORS = [("placement_conflict", "Conflict at the placement"), ("unhappy_placement", "Unhappy with placement"),
                ("bullying", "Bullying"), ("boundaries", "Rules or boundaries"), ("contact", "Contact arrangements")]
PULL_FACTORS = [("friends", "Friends"), ("family", "Family"), ("relationship", "Boyfriend or girlfriend"),
                ("older_associates", "Older associates"), ("substances", "Drugs or alcohol"),
                ("money_goods", "Money, gifts or goods")]
EXPLOITATION = [("cce", "Criminal exploitation"), ("cse", "Sexual exploitation"), ("county_lines", "County lines"),
                ("trafficking", "Trafficking or modern slavery"), ("online", "Online grooming")]
OUTCOMES = [(s.value, s.label) for s in ReturnInterview.State if s in ReturnInterview.CLOSED_STATES]


LABELS = {"push": dict(PUSH_FACTORS), "pull": dict(PULL_FACTORS), "exploitation": dict(EXPLOITATION)}
DATE_ERRORS = {"required": "Enter the date, for example 27/11/2026",
               "invalid": "Enter a real date, for example 27/11/2026"}
TIME_ERRORS = {"required": "Enter the time, for example 14:30", "invalid": "Enter a real time, for example 14:30"}
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"]


def at_london(day, time):
    """A date and a wall-clock time in the UK, as the aware datetime stored."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, time or dt.time(12, 0), tzinfo=ZoneInfo("Europe/London"))


class OfferForm(forms.Form):
    offered_on = forms.DateField(label="Date offered (DD/MM/YYYY)", input_formats=DATE_FORMATS,
                                 error_messages=DATE_ERRORS)
    offered_time = forms.TimeField(label="Time offered (HH:MM, optional)", required=False,
                                   error_messages=TIME_ERRORS)

    def clean_offered_on(self):
        from django.utils import timezone

        day = self.cleaned_data["offered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date offered cannot be in the future")
        return day


class ReturnInterviewForm(forms.Form):
    version = VersionField()
    outcome = forms.ChoiceField(choices=OUTCOMES, widget=forms.RadioSelect, label="Outcome",
                                error_messages={"required": "Select the outcome of the return interview"})
    held_on = forms.DateField(label="Date of the interview, or of the refusal (DD/MM/YYYY)", input_formats=DATE_FORMATS,
                              error_messages=DATE_ERRORS)
    held_time = forms.TimeField(label="Time of the interview (HH:MM)", required=False, error_messages=TIME_ERRORS)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             label="Reason (if declined or not possible)")
    conducted_by = forms.CharField(required=False, max_length=200,
                                   label="Interviewer (someone not involved in the child's care)")
    harm_suffered = forms.ChoiceField(choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")], required=False,
                                      widget=forms.RadioSelect, label="Did the child suffer harm?")
    push_factors = forms.MultipleChoiceField(choices=PUSH_FACTORS, required=False,
                                             widget=forms.CheckboxSelectMultiple, label="Push factors")
    pull_factors = forms.MultipleChoiceField(choices=PULL_FACTORS, required=False,
                                             widget=forms.CheckboxSelectMultiple, label="Pull factors")
    exploitation_concerns = forms.MultipleChoiceField(choices=EXPLOITATION, required=False,
                                                      widget=forms.CheckboxSelectMultiple,
                                                      label="Exploitation concerns")
    where_text = forms.CharField(required=False, max_length=300, label="Where the child was")
    with_whom_text = forms.CharField(required=False, max_length=300, label="With whom")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Notes")

    def clean(self):
        data = super().clean()
        if data.get("outcome") in ("declined", "not_possible") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give a reason when the interview was declined or not possible.")
        if data.get("outcome") == "completed" and data.get("held_on") and not data.get("held_time"):
            self.add_error("held_time", "Enter the time the interview was held, for example 14:30")
        if data.get("held_on"):
            from django.utils import timezone

            if at_london(data["held_on"], data.get("held_time")) > timezone.now():
                self.add_error("held_on", "The interview date cannot be in the future")
        return data

    def held_at(self):
        return at_london(self.cleaned_data["held_on"], self.cleaned_data.get("held_time"))

    def harm(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("harm_suffered") or "")


class ReferralsForm(forms.Form):
    version = VersionField()
    agencies = forms.MultipleChoiceField(choices=FollowUpReferral.Agency.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple, label="Referrals made")
    note = forms.CharField(required=False, max_length=300, label="Details of the referrals")
    none_needed_reason = forms.CharField(required=False, max_length=300, label="If none were needed, why")

    def clean(self):
        data = super().clean()
        if not data.get("agencies") and not (data.get("none_needed_reason") or "").strip():
            raise forms.ValidationError("Choose at least one referral, or say why none was needed.")
        return data


class RiskReviewForm(forms.Form):
    version = VersionField()
    grade = forms.ChoiceField(choices=RiskGrade.choices, widget=forms.RadioSelect, label="Risk grade",
                              error_messages={"required": "Select the risk grade"})
    supervisor_review = forms.BooleanField(required=False, label="This is a supervisor's review")
    information_used = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                       label="Information used")
    supplied_by = forms.CharField(required=False, max_length=200, label="Who supplied it")


class EscalationForm(forms.Form):
    to = forms.ChoiceField(choices=Escalation.To.choices, widget=forms.RadioSelect, label="Escalate to",
                           error_messages={"required": "Select who to escalate to"})
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Owner",
                                   error_messages={"required": "Select who owns the escalation"})
    due_on = forms.DateField(label="Due date (DD/MM/YYYY)", input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                             error_messages={"required": "Enter the due date, for example 27/11/2026",
                                             "invalid": "Enter a real date, for example 27/11/2026"})
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            is_active=True, profile__role__in=ESCALATION_OWNER_ROLES).select_related("profile").order_by("username")
        self.fields["owner"].label_from_instance = _person_label




def _person_label(user) -> str:
    """A person as colleagues know them: their name and role, the username only when no name is set."""
    from divert.core.roles import Role

    name = user.get_full_name() or user.username
    role = getattr(getattr(user, "profile", None), "role", "")
    return f"{name} ({Role(role).label})" if role in Role.values else name


class EscalationUpdateForm(forms.Form):
    version = VersionField()
    state = forms.ChoiceField(choices=Escalation.State.choices, label="New state",
                              error_messages={"required": "Select the new state"})
    note = forms.CharField(required=False, max_length=500, label="Note")


class ReturnDetailsForm(forms.Form):
    version = VersionField()
    found_by = forms.ChoiceField(choices=MissingEpisode.FoundBy.choices, widget=forms.RadioSelect,
                                 label="Who found the child",
                                 error_messages={"required": "Select who found the child"})
    found_location = forms.CharField(required=False, max_length=300, label="Where the child was found")
    found_postcode = forms.CharField(required=False, max_length=10, label="Postcode where found")
