from django.template import Context, Template


def test_startswith_and_role_label():
    t = Template('{% load divert_tags %}{{ "/registers/x/"|startswith:"/registers/" }} {{ "cicpo"|role_label }}'
                 '|{{ "nope"|role_label }}|{{ None|role_label }}')
    assert t.render(Context({})) == "True Children in care police officer||"


def test_place_label():
    t = Template('{% load divert_tags %}{{ "K2"|place_label }}|{{ "Q9"|place_label }}')
    assert t.render(Context({})) == "Children&#x27;s home (K2)|Q9"


def test_ssda903_codes_in_plain_english():
    t = Template('{{ "C2"|ssda903:"LS" }}|{{ "E4A"|ssda903:"REC" }}|{{ "CUSTOD"|ssda903:"REASON_PLACE_CHANGE" }}|'
                 '{{ "ZZ"|ssda903:"LS" }}|{{ ""|ssda903:"LS" }}')  # a builtin: no {% load %}
    assert t.render(Context({})) == "Full care order (C2)|Returned home as planned (E4A)|Custody (CUSTOD)|ZZ|"


def test_uk_dates_and_times():
    import datetime as dt

    t = Template('{{ d|uk_date }}|{{ d|uk_date:"weekday" }}|{{ m|uk_datetime }}|{{ m|uk_datetime:"seconds" }}|'
                 '{{ m|uk_date }}|{{ none|uk_date }}|{{ d|uk_datetime }}')
    moment = dt.datetime(2026, 7, 3, 13, 5, 9, tzinfo=dt.UTC)  # 14:05:09 in UK summer time
    out = t.render(Context({"d": dt.date(2026, 3, 3), "m": moment, "none": None}))
    assert out == ("3 March 2026|Tuesday 3 March 2026|3 July 2026 at 14:05|3 July 2026 at 14:05:09|3 July 2026||"
                   "3 March 2026")


def test_select_options_marks_the_chosen_value_and_escapes_labels():
    from types import SimpleNamespace

    from divert.core.templatetags.divert_tags import select_options

    homes = [{"pk": 1, "label": "Oak House (NG1 1AA)"}, {"pk": 12, "label": "Elm & Ash <Lodge>"}]
    html = select_options(homes, 12)
    assert html == ('<option value="1">Oak House (NG1 1AA)</option>'
                    '<option value="12" selected>Elm &amp; Ash &lt;Lodge&gt;</option>')
    assert "selected" not in select_options(homes, None)
    assert "selected" not in select_options(homes, "")  # "" is no choice, not a value
    flags = [SimpleNamespace(code="missing", label="Missing"), SimpleNamespace(code="family", label="Family test")]
    assert select_options(flags, "family", value="code") == (
        '<option value="missing">Missing</option><option value="family" selected>Family test</option>')


def test_select_options_escapes_quotes_in_values_and_keeps_safe_labels_as_they_are():
    from django.utils.safestring import mark_safe

    from divert.core.templatetags.divert_tags import select_options

    choices = [{"pk": 'a"b', "label": mark_safe("<b>Bold</b>")}]
    assert select_options(choices, 'a"b') == '<option value="a&quot;b" selected><b>Bold</b></option>'
