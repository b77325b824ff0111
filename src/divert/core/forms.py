"""Form pieces shared by every app's pages."""

from django import forms


class VersionField(forms.IntegerField):
    """The hidden version of the record a form edits (optimistic concurrency, divert.core.versioning)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


def show_stale(form: forms.Form, exc, *, message: bool = True) -> None:
    """After a StaleEdit: keep what the user typed, say what changed (unless the page lists `exc.messages`
    itself), and carry the current version so that a second, deliberate save goes through."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's QueryDict
    data[form.add_prefix("version")] = str(exc.current_version)
    form.data = data
    if message:
        form.add_error(None, exc.messages[0])
