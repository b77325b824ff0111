"""The upload page in a real browser: upload a bad file, read the report; no serious accessibility problems."""

import pytest

from divert.core.roles import Role

from .conftest import HOMES, HOMES_HEADER, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_uploads_a_bad_file_then_a_good_one(live_server, page, sign_in, axe_violations, make_user,
                                                    tmp_path):
    make_user(Role.ANALYST, username="analyst1")
    rows = [list(r) for r in HOMES]
    rows[1][4] = "castle"
    bad = write_csv(tmp_path / "bad" / "homes.csv", HOMES_HEADER, rows)
    good = write_csv(tmp_path / "good" / "homes.csv", HOMES_HEADER, HOMES)

    sign_in(page, live_server.url, "analyst1")
    page.goto(f"{live_server.url}/imports/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import").click()  # nothing chosen: the error summary
    assert page.get_by_text("There is a problem").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Homes register").check()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Import").click()
    assert page.get_by_text("The file was refused: nothing was loaded").is_visible()
    assert page.get_by_role("cell", name="castle").is_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Homes register").check()
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Import").click()
    assert page.get_by_text("The file was loaded.").is_visible()
    page.get_by_role("link", name="Import ledger").click()
    assert page.get_by_role("heading", name="Import ledger").is_visible()
    assert axe_violations(page) == []
