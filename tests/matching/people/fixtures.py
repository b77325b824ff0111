"""Fixtures for the person-linkage tests: a model trained once per session, and the edge-case world in the DB."""

import datetime as dt

import pytest

from tests.matching.people import synthetic
from tests.matching.people.edge_cases import POLICE, REGISTER


@pytest.fixture(scope="session")
def synthetic_data():
    children = synthetic.register(800, seed=11)
    train_people = synthetic.police(children, 500, 1000, seed=12)
    test_people = synthetic.police(children, 300, 600, seed=13)
    return children, train_people, test_people


@pytest.fixture(scope="session")
def trained_model(synthetic_data):
    """(model, report) trained without labels on synthetic data, once per test session."""
    from divert.matching.people.model import train

    children, train_people, _test = synthetic_data
    left, right = synthetic.frames(children, train_people)
    return train(left, right, max_pairs=3e5)


@pytest.fixture
def model_dir(tmp_path, settings):
    settings.DIVERT = {**settings.DIVERT, "MODEL_DIR": tmp_path / "models"}
    return tmp_path / "models"


def _date(text):
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


@pytest.fixture
def edge_world(db, model_dir):
    """The edge-case register as children (with aliases) and the police people as involvements, plus one custody
    record and one missing report. Returns {"children": {R-id: Child}, "records": {L-id: record}}."""
    from divert.registers.models import ChildAlias
    from tests.factories import ChildFactory, CustodyRecordFactory, InvolvementFactory, MissingReportFactory

    children = {}
    for rid, first, last, dob, sex, postcode in REGISTER:
        if rid in children:
            ChildAlias.objects.create(child=children[rid], first_name=first, last_name=last)
            continue
        children[rid] = ChildFactory(child_id=rid, first_name=first, last_name=last, date_of_birth=_date(dob),
                                     sex=sex, postcode=postcode)
    records = {}
    for lid, first, last, dob, sex, postcode, _expected in POLICE:
        kwargs = {"first_name": first, "last_name": last, "date_of_birth": _date(dob), "sex": sex}
        if lid == "L3":
            records[lid] = CustodyRecordFactory(postcode=postcode, **kwargs)
        elif lid == "L5":
            records[lid] = MissingReportFactory(missing_from_postcode=postcode, **kwargs)
        else:
            records[lid] = InvolvementFactory(**kwargs)
    return {"children": children, "records": records}


def subject_type_of(record) -> str:
    from divert.police.models import CustodyRecord, MissingReport

    if isinstance(record, CustodyRecord):
        return "custody"
    if isinstance(record, MissingReport):
        return "missing_report"
    return "involvement"
