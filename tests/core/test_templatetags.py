from django.template import Context, Template


def test_optional_include_renders_nothing_for_a_missing_template():
    t = Template('{% load divert_tags %}[{% optional_include "no/such/template.html" %}]')
    assert t.render(Context({})) == "[]"


def test_optional_include_renders_an_existing_template_with_the_context(db):
    t = Template('{% load divert_tags %}{% optional_include "registers/_pagination.html" %}')
    assert t.render(Context({"page": None})).strip() == ""


def test_startswith_and_role_label():
    t = Template('{% load divert_tags %}{{ "/registers/x/"|startswith:"/registers/" }} {{ "cicpo"|role_label }}'
                 '|{{ "nope"|role_label }}|{{ None|role_label }}')
    assert t.render(Context({})) == "True Children in care police officer||"


def test_place_label():
    t = Template('{% load divert_tags %}{{ "K2"|place_label }}|{{ "Q9"|place_label }}')
    assert t.render(Context({})) == "K2 Children&#x27;s home|Q9"
