"""`divert link people`: the generic command on hand-made edge cases."""

import csv

import pytest
from django.core.management import CommandError, call_command

from tests.matching.people.edge_cases import POLICE, REGISTER

HEADER = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    d = tmp_path_factory.mktemp("generic")
    left = _write(d / "left.csv", HEADER, [p[:6] for p in POLICE])
    right = _write(d / "right.csv", [h.upper() for h in HEADER], REGISTER)  # headers in any case
    out = d / "out.csv"
    call_command("link", "people", "--left", str(left), "--right", str(right), "--out", str(out))
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return rows


def _decisions(rows, left_id):
    return [(r["right_id"], r["decision"]) for r in rows if r["left_id"] == left_id]


def test_output_columns_and_every_left_id(linked):
    assert list(linked[0]) == ["left_id", "right_id", "match_probability", "decision"]
    assert {r["left_id"] for r in linked} == {p[0] for p in POLICE}
    assert {r["decision"] for r in linked} <= {"linked", "review", "none"}


@pytest.mark.parametrize("left_id,expected", [(p[0], p[6]) for p in POLICE if p[6] and not p[6].endswith("?")])
def test_expected_links(linked, left_id, expected):
    assert _decisions(linked, left_id) == [(expected, "linked")]


def test_twins_are_told_apart_by_forename(linked):
    assert ("R2", "linked") not in _decisions(linked, "L1")
    assert ("R1", "linked") not in _decisions(linked, "L2")


def test_sibling_not_in_care_is_never_auto_linked(linked):
    assert all(decision != "linked" for _rid, decision in _decisions(linked, "L9"))


def test_close_name_not_in_care_is_not_linked(linked):
    assert all(decision != "linked" for _rid, decision in _decisions(linked, "L11"))


def test_missing_dob_links_or_reviews_the_right_child_only(linked):
    got = _decisions(linked, "L8")
    assert got and all(rid == "R5" for rid, decision in got if decision == "linked")
    assert any(rid == "R5" for rid, _d in got)


def test_empty_record_gets_no_link(linked):
    assert [d for _rid, d in _decisions(linked, "L12")] == ["none"]


def test_none_rows_carry_the_best_candidate_below_the_floor(linked):
    """`none` means below the review floor, and the row still says who came closest and how close."""
    from divert.matching.people.decide import DEFAULT_FLOOR

    for row in (r for r in linked if r["decision"] == "none" and r["right_id"]):
        assert 0.0 <= float(row["match_probability"]) < DEFAULT_FLOOR
    for row in (r for r in linked if r["decision"] == "none" and not r["right_id"]):
        assert row["match_probability"] == ""


def test_missing_id_column_is_a_clear_error(tmp_path):
    left = _write(tmp_path / "l.csv", ["name"], [["x"]])
    right = _write(tmp_path / "r.csv", HEADER, REGISTER)
    with pytest.raises(CommandError, match="no `id` column"):
        call_command("link", "people", "--left", str(left), "--right", str(right), "--out", str(tmp_path / "o.csv"))


def test_columns_may_be_absent_and_dates_iso(tmp_path):
    left = _write(tmp_path / "l.csv", ["id", "first_name", "last_name", "date_of_birth"],
                  [["A", "Robert", "Taylor", "2011-02-10"]])
    right = _write(tmp_path / "r.csv", HEADER, REGISTER)
    out = tmp_path / "o.csv"
    call_command("link", "people", "--left", str(left), "--right", str(right), "--out", str(out))
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["right_id"], r["decision"]) for r in rows] == [("R5", "linked")]


def test_spark_engine_without_pyspark_says_why(tmp_path):
    from divert.matching.people.spark import spark_unavailable_reason

    reason = spark_unavailable_reason()
    if reason is None:
        pytest.skip("pyspark and Java are installed: the Spark engine runs (see test_people_spark)")
    right = _write(tmp_path / "r.csv", HEADER, REGISTER)
    with pytest.raises(CommandError, match="Spark engine needs"):
        call_command("link", "people", "--left", str(right), "--right", str(right), "--out",
                     str(tmp_path / "o.csv"), "--engine", "spark")


def test_care_register_decides_records_too_old_unscored(tmp_path, linked):
    left = _write(tmp_path / "left.csv", [*HEADER, "incident_date"], [[*p[:6], "20/11/2026"] for p in POLICE])
    right = _write(tmp_path / "right.csv", HEADER, REGISTER)
    out = tmp_path / "out.csv"
    call_command("link", "people", "--left", str(left), "--right", str(right), "--out", str(out), "--care-register")
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # L11 was 31 on the day (born 1995): not scored, no candidate reported; L8 (no date of birth) is scored.
    assert _decisions(rows, "L11") == [("", "none")]
    assert [r for r in rows if r["left_id"] != "L11"] == [r for r in linked if r["left_id"] != "L11"]


def test_care_register_needs_the_record_date(tmp_path):
    left = _write(tmp_path / "left.csv", HEADER, [p[:6] for p in POLICE])
    right = _write(tmp_path / "right.csv", HEADER, REGISTER)
    with pytest.raises(CommandError, match="date"):
        call_command("link", "people", "--left", str(left), "--right", str(right), "--out", str(tmp_path / "o.csv"),
                     "--care-register")
