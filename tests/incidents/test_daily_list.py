from django.urls import reverse
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.incidents.selectors import daily_list

from . import helpers as h
from .conftest import DAY


def refs(daily):
    return [e["reference"] for e in daily.entries]


def test_window_and_selection(city, make_user):
    daily = daily_list(user=make_user(Role.CICPO), day=DAY)
    inc = city["incidents"]
    assert set(refs(daily)) == {inc[k].reference for k in ("damage", "missing", "river", "away")}


def test_grouped_by_home_most_urgent_group_first_newest_first(city, make_user):
    h.incident(h.at(2026, 11, 24, 8, 0), city["homes"][0], narrative="Morning call")
    daily = daily_list(user=make_user(Role.CICPO), day=DAY)
    names = [(g.home or {}).get("name") for g in daily.groups]
    assert names[0] in ("Oak House", "Elm Lodge")  # priority 1 groups first (family test, exploitation)
    assert names[-1] is None or daily.groups[-1].top_priority >= daily.groups[0].top_priority
    oak = next(g for g in daily.groups if g.home and g.home["name"] == "Oak House")
    times = [e["reported_at"] for e in oak.entries]
    assert times == sorted(times, reverse=True)


def test_entry_content_flags_and_context(city, make_user):
    daily = daily_list(user=make_user(Role.CICPO), day=DAY)
    by_ref = {e["reference"]: e for e in daily.entries}
    damage = by_ref[city["incidents"]["damage"].reference]
    assert {f.code for f in damage["flags"]} == {"family_test", "first_time_entrant", "staff_reported"}
    assert damage["priority"] == 1 and damage["family_reason"] == "minor criminal damage"
    amy = next(p for p in damage["people"] if p["child_ref"])
    assert amy["context"] == {"incidents_90": 3, "missing_90": 1, "has_record": False}
    assert any(p["role"] == "reporting_person" and p["name"] == "Jo Keyworker" for p in damage["people"])
    missing = by_ref[city["incidents"]["missing"].reference]
    assert {f.code for f in missing["flags"]} == {"missing", "exploitation"}
    assert set(missing["indicators"]) == {"older males", "new phone"}
    river = by_ref[city["incidents"]["river"].reference]
    assert "first_time_entrant" not in {f.code for f in river["flags"]}  # Cal has a conviction (OC2)
    assert "family_test" not in {f.code for f in river["flags"]}  # theft from a shop is not the home's property
    oak = next(g for g in daily.groups if g.home and g.home["name"] == "Oak House")
    assert oak.callouts_month == 2 and oak.callouts_per_place == 0.5  # 24th 21:30 and 06:59; not 25th 07:00


def test_filters(city, make_user):
    user = make_user(Role.CICPO)
    oak, elm, river = city["homes"]
    assert {g.home["name"] for g in daily_list(user=user, day=DAY, home_id=oak.pk).groups} == {"Oak House"}
    p1 = city["providers"][0]
    assert {g.home["name"] for g in daily_list(user=user, day=DAY, provider_id=p1.pk).groups} == {
        "Oak House", "Elm Lodge"}
    flagged = daily_list(user=user, day=DAY, flag="exploitation")
    assert refs(flagged) == [city["incidents"]["missing"].reference]


def test_provider_manager_sees_only_own_homes_and_children(city, make_user):
    p1, _ = city["providers"]
    manager = make_user(Role.PROVIDER_MANAGER, provider=p1)
    daily = daily_list(user=manager, day=DAY)
    assert {g.home["name"] for g in daily.groups} == {"Oak House", "Elm Lodge"}
    damage = next(e for e in daily.entries if e["reference"] == city["incidents"]["damage"].reference)
    assert any(p["name"] == "Name withheld" for p in damage["people"])  # the reporting person
    assert daily.child_ids == {city["children"][0].pk, city["children"][1].pk}


def test_query_count_does_not_grow_with_entries(city, make_user, django_assert_max_num_queries):
    user = make_user(Role.CICPO)
    oak = city["homes"][0]
    for i in range(40):
        inc = h.incident(h.at(2026, 11, 24, 9, i), oak, narrative="x")
        h.involve(inc, h.child(f"K{i}"), "suspect")
    with django_assert_max_num_queries(14):
        daily = daily_list(user=user, day=DAY)
    assert daily.total == 44


def test_page_renders_filters_and_logs_access(city, make_user, client):
    user = make_user(Role.CICPO)
    client.force_login(user)
    response = client.get(reverse("incidents:daily"), {"date": DAY.isoformat()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Oak House" in body and city["incidents"]["damage"].reference in body
    assert "Would a family have called the police?" in body
    logged = set(AccessLog.objects.filter(user=user, channel="page").values_list("child_id", flat=True))
    assert logged == {c.pk for c in city["children"]}
    response = client.get(reverse("incidents:daily"), {"date": DAY.isoformat(), "home": city["homes"][2].pk})
    assert "River View" in response.content.decode() and "Oak House</h2>" not in response.content.decode()


def test_default_date_is_today_in_london(city, make_user, client):
    client.force_login(make_user(Role.CICPO))
    response = client.get(reverse("incidents:daily"))
    assert response.context["daily"].day == timezone.localdate()


def test_roles(city, make_user, client):
    client.force_login(make_user(Role.PROSECUTOR))
    assert client.get(reverse("incidents:daily")).status_code == 403
    client.logout()
    assert client.get(reverse("incidents:daily")).status_code == 302


def test_provider_page_scoped_and_shows_guidance_and_figures(city, make_user, client):
    p1, _ = city["providers"]
    client.force_login(make_user(Role.PROVIDER_MANAGER, provider=p1))
    response = client.get(reverse("incidents:provider"), {"date": DAY.isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Oak House" in body and "Elm Lodge" in body and "River View" not in body
    assert "When to call the police" in body
    figures = {r["home"]: r for r in response.context["figures"]}
    assert set(figures) == {"Oak House", "Elm Lodge"}
    assert figures["Oak House"]["similar_count"] == 3
    cells = [c.split("<", 1)[0].split()[0] for c in body.split("govuk-table__cell--numeric\">")[1:]]
    assert cells and not [c for c in cells if c.endswith(".0") or c.count(".") and len(c.split(".")[1]) > 2], cells


def test_incident_page_scoped_404_for_other_providers(city, make_user, client):
    p1, _ = city["providers"]
    client.force_login(make_user(Role.PROVIDER_MANAGER, provider=p1))
    assert client.get(reverse("incidents:detail", args=[city["incidents"]["river"].pk])).status_code == 404
    response = client.get(reverse("incidents:detail", args=[city["incidents"]["damage"].pk]))
    assert response.status_code == 200 and "Save triage" not in response.content.decode()


def test_incident_page_shows_review_link(city, make_user, client):
    inc = city["incidents"]["stranger"]
    h.involve(inc, None, "victim", status="review", first="Maybe", last="Child")
    client.force_login(make_user(Role.CICPO))
    body = client.get(reverse("incidents:detail", args=[inc.pk])).content.decode()
    assert "waits in the" in body and "review queue" in body and "In review" in body


def test_child_section_partial(city, make_user, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = make_user(Role.CICPO)
    html = render_to_string("incidents/_child_section.html", {"child": city["children"][0], "request": request})
    assert city["incidents"]["damage"].reference in html and "Not reviewed" in html


def test_exploitation_terms_are_editable_reference_data(city, make_user):
    from divert.incidents.models import ExploitationTerm

    user = make_user(Role.CICPO)
    ExploitationTerm.objects.filter(term__in=["older males", "new phone"]).update(active=False)
    assert daily_list(user=user, day=DAY, flag="exploitation").total == 0
    ExploitationTerm.objects.create(term="curfew", kind="general")
    assert daily_list(user=user, day=DAY, flag="exploitation").total == 1


def test_a_person_in_review_brings_the_incident_onto_the_list(city, make_user):
    inc = city["incidents"]["stranger"]
    h.involve(inc, None, "suspect", status="review", first="Maybe", last="Child")
    daily = daily_list(user=make_user(Role.CICPO), day=DAY)
    entry = next(e for e in daily.entries if e["reference"] == inc.reference)
    assert any(p["in_review"] for p in entry["people"])


def test_large_lists_take_the_subquery_path_with_the_same_result(city, make_user, monkeypatch):
    from divert.incidents import selectors

    user = make_user(Role.CICPO)
    small = daily_list(user=user, day=DAY)
    monkeypatch.setattr(selectors, "CHUNK", 1)
    large = daily_list(user=user, day=DAY)
    assert [(e["reference"], [p["context"] for p in e["people"]], [f.code for f in e["flags"]])
            for e in large.entries] == [
        (e["reference"], [p["context"] for p in e["people"]], [f.code for f in e["flags"]]) for e in small.entries]


def test_page_query_count_does_not_grow_with_entries_homes_or_children(city, make_user, client, page_queries):
    client.force_login(make_user(Role.CICPO))
    url, day = reverse("incidents:daily"), {"date": DAY.isoformat()}
    few = page_queries(client, url, **day)
    for i in range(15):
        home = h.home(name=f"Home {i}")
        inc = h.incident(h.at(2026, 11, 24, 9, i), home, narrative="x")
        kid = h.child(f"K{i}")
        h.place(kid, home)
        h.involve(inc, kid, "suspect")
        h.involve(inc, None, "victim")
    assert page_queries(client, url, **day) == few
