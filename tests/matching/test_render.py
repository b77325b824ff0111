"""The review queue's rows built in Python escape what they show, as the template did."""

from types import SimpleNamespace

from divert.matching.render import NO_REASON, queue_row_html, queue_rows_html


def _row(**over):
    item = SimpleNamespace(pk=7, candidate_home_id=None)
    row = {"item": item, "record": "Custody <b>C1</b>", "names": "Jo & Sam", "candidate": "Cara Custody",
           "candidate_detail": "", "likelihood": "very likely", "disagree": "date of birth", "why": ""}
    return {**row, **over}


def test_a_person_row_links_the_item_escapes_text_and_says_what_disagrees():
    html = queue_row_html(_row())
    assert 'href="/matching/review/7/"' in html
    assert "Custody &lt;b&gt;C1&lt;/b&gt;" in html and "<b>" not in html
    assert '<br><span class="govuk-body-s">Jo &amp; Sam</span>' in html
    assert ">Very likely<" in html and ">Date of birth<" in html


def test_an_address_row_gives_the_reason_or_says_the_matcher_was_not_sure():
    home_item = SimpleNamespace(pk=8, candidate_home_id=3)
    assert ">number and street agree<" in queue_row_html(_row(item=home_item, why="number and street agree"))
    assert NO_REASON in queue_row_html(_row(item=home_item))
    with_detail = queue_row_html(_row(candidate_detail="1 Elm Road"))
    assert 'Cara Custody<br><span class="govuk-body-s">1 Elm Road</span>' in with_detail
    assert queue_rows_html([_row(), _row()]).count("<tr") == 2
