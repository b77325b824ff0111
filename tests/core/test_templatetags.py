from django.template import Context, Template


def test_startswith_and_role_label():
    t = Template('{% load divert_tags %}{{ "/registers/x/"|startswith:"/registers/" }} {{ "cicpo"|role_label }}'
                 '|{{ "nope"|role_label }}|{{ None|role_label }}')
    assert t.render(Context({})) == "True Children in care police officer||"


def test_place_label():
    t = Template('{% load divert_tags %}{{ "K2"|place_label }}|{{ "Q9"|place_label }}')
    assert t.render(Context({})) == "K2 Children&#x27;s home|Q9"
