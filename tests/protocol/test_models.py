import pytest

from divert.protocol.models import FormTemplate, Outcome


@pytest.mark.django_db
def test_child_information_form_seed_is_unverified_with_5_mandatory_3_conditional():
    v = FormTemplate.objects.get(slug="child-information-form").current_version()
    reqs = [s.requirement for s in v.sections.all()]
    assert len(reqs) == 8 and reqs.count("mandatory") == 5 and reqs.count("conditional") == 3
    assert not v.verified and not any(s.verified for s in v.sections.all())


@pytest.mark.django_db
def test_ten_point_checklist_has_nine_verified_points_and_a_configurable_tenth():
    sections = list(FormTemplate.objects.get(slug="ten-point-checklist").current_version().sections.all())
    assert len(sections) == 10
    assert sum(s.verified for s in sections) == 9
    assert not sections[9].verified and sections[9].requirement == "optional"


@pytest.mark.django_db
def test_outcomes_reference_data_marks_first_time_entrants():
    fte = set(Outcome.objects.filter(makes_first_time_entrant=True).values_list("code", flat=True))
    assert fte == {"youth_caution", "youth_conditional_caution"}
    assert set(Outcome.objects.filter(home_office_type__in=[1, 2, 8, 21, 22, 23]).values_list(
        "home_office_type", flat=True)) == {1, 2, 8, 21, 22, 23}
    assert not Outcome.objects.get(code="outcome_23").verified
