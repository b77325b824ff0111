import datetime as dt

import pytest

from . import helpers as h

DAY = dt.date(2026, 11, 25)  # a Wednesday: the window is Tue 24 Nov 07:00 to Wed 25 Nov 07:00


@pytest.fixture
def city(db):
    """Two providers, three homes, children placed there, and a day of incidents."""
    p1, p2 = h.provider("Oakfield Care"), h.provider("Riverside Homes")
    oak = h.home(p1, name="Oak House", places=4)
    elm = h.home(p1, name="Elm Lodge", places=3)
    river = h.home(p2, name="River View", places=5)
    amy, ben, cal = h.child("Amy", "Archer"), h.child("Ben", "Baker"), h.child("Cal", "Cooper")
    h.place(amy, oak)
    h.place(ben, elm)
    h.place(cal, river)
    damage = h.incident(h.at(2026, 11, 24, 21, 30), oak, crime=True, crime_type="Criminal damage",
                        narrative="Amy kicked her bedroom door after an argument with staff.",
                        reported_by="home_staff", category="Domestic incident")
    h.involve(damage, amy, "suspect")
    h.involve(damage, None, "reporting_person", first="Jo", last="Keyworker")
    missing = h.incident(h.at(2026, 11, 24, 23, 0), elm, category="Missing person",
                         narrative="Ben not back by curfew; seen with older males, came back with a new phone.")
    h.involve(missing, ben, "missing_person")
    river_inc = h.incident(h.at(2026, 11, 25, 2, 0), river, crime=True, crime_type="Theft",
                           narrative="Cal took cash from a shop.")
    h.involve(river_inc, cal, "suspect")
    away = h.incident(h.at(2026, 11, 24, 15, 0), None, category="Anti-social behaviour", location_text="City centre",
                      narrative="Group of youths shouting.")
    h.involve(away, amy, "suspect")
    outside = h.incident(h.at(2026, 11, 24, 6, 59), oak, narrative="Before the window")
    later = h.incident(h.at(2026, 11, 25, 7, 0), oak, narrative="After the window")
    stranger = h.incident(h.at(2026, 11, 24, 12, 0), None, narrative="Nothing to do with children in care")
    h.involve(stranger, None, "suspect")
    # history for context: Amy had another incident and a missing report in the last 90 days
    old = h.incident(h.at(2026, 10, 1, 12, 0), oak, narrative="Earlier")
    h.involve(old, amy, "suspect")
    from divert.police.models import MissingReport
    from divert.registers.models import OC2Record

    MissingReport.objects.create(reference="MIS1", reported_missing_at=h.at(2026, 11, 1), child=amy,
                                 link_status="linked")
    OC2Record.objects.create(child=cal, collection_year=2026, convicted=True)
    return {"providers": (p1, p2), "homes": (oak, elm, river), "children": (amy, ben, cal),
            "incidents": {"damage": damage, "missing": missing, "river": river_inc, "away": away,
                          "outside": outside, "later": later, "stranger": stranger, "old": old}}
