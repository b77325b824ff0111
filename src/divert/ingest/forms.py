from django import forms

from .models import ImportRun


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data] if data else [single(None, initial)]
        return [single(data, initial)]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What is in the file?", choices=ImportRun.Kind.choices,
                             widget=forms.RadioSelect, error_messages={"required": "Select what is in the file"})
    file = MultipleFileField(label="File", error_messages={"required": "Select a CSV or XLSX file"})
    year = forms.IntegerField(label="Collection year (SSDA903 only)", required=False, min_value=2000,
                              max_value=2100, help_text="The year the return ends: 2026 for April 2025 to March 2026")
    mapping = forms.FileField(label="Column mapping file (police files only, optional)", required=False)
    skip_invalid = forms.BooleanField(label="Load the good rows and skip the bad ones", required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == ImportRun.Kind.SSDA903 and not data.get("year"):
            self.add_error("year", "Enter the collection year of the SSDA903 return")
        if data.get("kind") != ImportRun.Kind.SSDA903 and len(data.get("file") or []) > 1:
            self.add_error("file", "Select one file (several files only for the SSDA903 tables of one year)")
        xml = (".xml",) if data.get("kind") == ImportRun.Kind.SSDA903 else ()
        for f in data.get("file") or []:
            if not f.name.lower().endswith((".csv", ".xlsx", ".xlsm", ".txt", *xml)):
                self.add_error("file", "The file must be a CSV or XLSX file (or the DfE XML for SSDA903)")
                break
        return data
