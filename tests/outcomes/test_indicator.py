"""The national offending indicator (DfE method) on a hand-built return with the edge cases, to the child."""

import datetime as dt
import io
import json

from django.core.management import call_command

from divert.ingest.actions import import_file
from divert.ingest.models import ImportRun
from divert.outcomes import indicator as ind
from divert.outcomes.indicator import offending_indicator
from divert.outcomes.selectors import indicator_for
from tests.ingest.conftest import EPISODES_HEADER, HEADER_HEADER, OC2_HEADER, write_csv

D = dt.date.fromisoformat


def ep(decom, dec=None, *, rne="P", ls="C2", rec=None):
    return {"decom": D(decom), "dec": D(dec) if dec else None, "rne": rne, "ls": ls,
            "rec": rec if rec is not None else ("X1" if dec else "")}


# CHILD: (date of birth, episodes, OC2 CONVICTED) for the year ending 31 March 2018.
RETURN = {
    "A": ("2005-06-01", [ep("2015-01-10", rne="S")], True),  # 12, in care 3 years: convicted
    "B": ("2005-06-01", [ep("2015-01-10", rne="S")], False),  # 12, in care: not convicted
    "C": ("2004-01-01", [ep("2017-09-01", rne="S")], None),  # entered care mid-year
    "D": ("2005-06-01", [ep("2015-01-10", rne="S", ls="V3")], None),  # short breaks
    "E": ("2004-01-01", [ep("2015-01-10", "2017-06-01", rne="S", rec="E8"), ep("2017-08-01", rne="S")], None),
    "F": ("2008-04-01", [ep("2012-01-10", rne="S")], None),  # 9 at 31 March 2018
    "G": ("2008-03-31", [ep("2012-01-10", rne="S")], True),  # 10 on 31 March 2018: convicted
    "H": ("2000-04-01", [ep("2012-01-10", rne="S")], False),  # 17 at 31 March 2018
    "I": ("2000-03-31", [ep("2012-01-10", rne="S")], None),  # 18 on 31 March 2018
    "J": ("2002-09-09", [ep("2014-02-01", "2016-05-01", rne="S"), ep("2016-05-01", "2017-07-01", rne="P"),
                         ep("2017-07-01", rne="L")], True),  # an X1 chain: convicted
    "K": ("2004-01-01", [ep("2014-01-01", "2016-06-01", rne="S", rec="E11")], None),  # left before the year
    "L": ("2006-01-01", [ep("2015-01-10", rne="S")], None),  # in the cohort, no OC2 CONVICTED
}
# Worked by hand from the DfE definition: cohort A B G H J L; convicted A G J; 3 of 6 = 50%.
COHORT = ["A", "B", "G", "H", "J", "L"]
CONVICTED = ["A", "G", "J"]
EXCLUDED = {"C": ind.NOT_12_MONTHS, "D": ind.SHORT_BREAKS, "E": ind.NOT_12_MONTHS, "F": ind.UNDER_10,
            "I": ind.OVER_17}


def test_indicator_to_the_child():
    result = offending_indicator(
        year=2018, children={c: D(v[0]) for c, v in RETURN.items()},
        episodes={c: v[1] for c, v in RETURN.items()},
        convicted={c: v[2] for c, v in RETURN.items() if v[2] is not None})
    assert result.cohort == COHORT and result.convicted == CONVICTED and result.excluded == EXCLUDED
    assert result.no_oc2 == ["L"]
    assert (result.numerator, result.denominator, result.percentage) == (3, 6, 50)


def test_percentage_rounds_half_up_and_empty_cohort_is_not_applicable():
    assert ind.Indicator(year=2018, cohort=list("ABCDEFGH"), convicted=["A"]).percentage == 13  # 12.5
    assert ind.Indicator(year=2018, cohort=list("ABC"), convicted=["A"]).percentage == 33
    assert ind.Indicator(year=2018).percentage is None


def _fmt(iso: str) -> str:
    return D(iso).strftime("%d/%m/%Y") if iso else ""


def write_return(root):
    """The same return as 903 CSV files, as a council would send it."""
    header, episodes, oc2 = [], [], []
    for child, (dob, eps, convicted) in RETURN.items():
        header.append([child, "1", _fmt(dob), "WBRI", "", "", ""])
        for e in eps:
            episodes.append([child, e["decom"].strftime("%d/%m/%Y"), e["rne"], e["ls"], "N1", "U1", "PR1",
                             e["dec"].strftime("%d/%m/%Y") if e["dec"] else "", e["rec"], "", "", "", "XXXXXXX"])
        if child != "L":
            flag = "" if convicted is None else ("1" if convicted else "0")
            oc2.append([child, _fmt(dob), "", "", flag, "", "", "", "", "", "", ""])
    ydir = root / "2018"
    write_csv(ydir / "header.csv", HEADER_HEADER, header)
    write_csv(ydir / "episodes.csv", EPISODES_HEADER, episodes)
    write_csv(ydir / "oc2.csv", OC2_HEADER, oc2)
    return ydir


def test_indicator_from_the_imported_return_and_the_command(tmp_path, db):
    run = import_file(kind="ssda903", path=write_return(tmp_path))
    assert run.status == ImportRun.Status.LOADED, run.problems
    result = indicator_for(2018)
    assert result.cohort == COHORT and result.convicted == CONVICTED and result.excluded == EXCLUDED
    out = io.StringIO()
    call_command("outcomes", "indicator", "--year", "2018", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert (figures["cohort"], figures["convicted_or_cautioned"], figures["percentage"]) == (6, 3, 50)
    assert figures["excluded"] == {ind.NOT_12_MONTHS: 2, ind.OVER_17: 1, ind.SHORT_BREAKS: 1, ind.UNDER_10: 1}
    text = io.StringIO()
    call_command("outcomes", "indicator", "--year", "2018", stdout=text)
    assert "percentage: 50%" in text.getvalue()
    assert not set(RETURN) & set(text.getvalue().replace(",", " ").split())  # counts only, no child
