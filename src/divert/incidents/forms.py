from django import forms
from django.contrib.auth import get_user_model

from divert.core.forms import VersionField

from . import rules
from .access import FOLLOW_UP_OWNER_ROLES
from .models import Route


class DailyFilterForm(forms.Form):
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    home = forms.IntegerField(required=False)
    provider = forms.IntegerField(required=False)
    flag = forms.ChoiceField(required=False, choices=[("", "Any flag")] + [(f.code, f.label)
                                                                          for f in rules.FLAGS.values()])


class TriageForm(forms.Form):
    version = VersionField()
    reviewed = forms.BooleanField(required=False, label="I have reviewed this entry")
    advice_to_officer = forms.CharField(required=False, max_length=4000,
                                        label="Advice given to the officer in the case",
                                        widget=forms.Textarea(attrs={"rows": 4}))
    recommended_route = forms.ChoiceField(required=False, choices=Route.choices, label="Recommended route")
    home_contacted = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], initial="no",
                                       label="Have you contacted the home?")
    home_contact_notes = forms.CharField(required=False, max_length=4000, label="Contact with the home: notes",
                                         widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("reviewed") and not data.get("recommended_route"):
            self.add_error("recommended_route", "Select a recommended route, or untick 'reviewed'")
        return data


class FollowUpForm(forms.Form):
    description = forms.CharField(max_length=300, label="What needs to happen")
    due_on = forms.DateField(label="Due date", widget=forms.DateInput(attrs={"type": "date"}),
                             error_messages={"required": "Enter a due date", "invalid": "Enter a real date"})
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Owner",
                                   error_messages={"required": "Select who owns this follow-up"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            is_active=True, profile__role__in=FOLLOW_UP_OWNER_ROLES).order_by("username")
        self.fields["description"].error_messages["required"] = "Enter what needs to happen"


class ProviderResponseForm(forms.Form):
    kind = forms.ChoiceField(label="What are you recording?", widget=forms.RadioSelect,
                             choices=[("action", "What the home did"),
                                      ("account", "The home's account of the incident")],
                             error_messages={"required": "Choose what you are recording"})
    text = forms.CharField(label="Your response", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                           error_messages={"required": "Write your response"})
