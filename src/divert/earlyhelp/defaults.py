"""The starting list of PCSO interventions (seeded by migration 0002; the service edits it in the admin).

The Portsmouth PCSO minute says PCSOs "use two main tools" against anti-social behaviour and exploitation but
does not name them: this list is Divert's starting point (what a PCSO in early help does with a family), to be
replaced by the service's own.
"""

INTERVENTIONS = [
    # code, label
    ("home-visit", "Home visit to the child and family"),
    ("school-visit", "Visit at school with the child's key adult"),
    ("joint-visit", "Joint visit with the family support worker"),
    ("engagement", "Engagement activity (sport, youth club, a diversionary session)"),
    ("behaviour-agreement", "Acceptable behaviour agreement with the child and family"),
    ("exploitation-awareness", "Exploitation and online safety awareness session"),
    ("diversion-referral", "Referral to a diversionary or mentoring programme"),
    ("phone-call", "Telephone contact with the family"),
]


def seed_reference_data() -> None:
    """Create the starting list where it is missing (tests whose database was flushed call this)."""
    from .models import InterventionType

    for pos, (code, label) in enumerate(INTERVENTIONS):
        InterventionType.objects.get_or_create(code=code, defaults={"label": label, "position": pos * 10})
