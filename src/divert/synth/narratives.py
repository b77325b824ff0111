"""Incident narratives as officers and call handlers write them (templates; no real events).

Home incidents include the in-home minor behaviour the protocol says should be handled as a family would
(National protocol on reducing unnecessary criminalisation: damage to a door, pushing staff, taking food) and
exploitation indicators (County lines guidance 2023: older
male, new phone, cash, county lines, trap house, drove off in a car).
"""

import random

# kind -> (opening category, closing category choices, crime recorded probability, crime type, templates)
HOME_KINDS: dict[str, tuple[str, tuple[str, ...], float, str, tuple[str, ...]]] = {
    "damage": (
        "Criminal Damage", ("Criminal Damage", "Concern for Safety", "Domestic Incident"), 0.55, "Criminal damage",
        ("Staff at {home} report {yp} has kicked and damaged a bedroom door after being asked to come off the "
         "Xbox. No injuries. Staff request police attendance.",
         "{yp} has punched a hole in the lounge wall and broken a door handle at {home}. Calmer now.",
         "Caller from {home} states {yp} threw a mug at the kitchen window which has cracked.",
         "{yp} damaged the office door at {home} trying to get their phone back. Staff want it logged."),
    ),
    "staff_push": (
        "Assault", ("Assault", "Concern for Safety"), 0.65, "Common assault",
        ("Staff member at {home} reports {yp} pushed them in the hallway during an argument about bedtime. "
         "No injury. Staff member unsure if they want to support.",
         "{yp} has pushed past staff and shoved a member of staff into a door frame at {home}.",
         "Care worker at {home} slapped by {yp} when told they could not go out. Minor redness."),
    ),
    "food": (
        "Theft", ("Theft", "Concern for Safety"), 0.15, "Theft - other",
        ("Staff at {home} report {yp} has taken food from the locked kitchen cupboard overnight.",
         "{yp} has taken snacks and a takeaway order belonging to staff at {home}.",),
    ),
    "behaviour": (
        "Concern for Safety", ("Concern for Safety", "Anti-Social Behaviour"), 0.05, "",
        ("{yp} shouting and swearing at staff at {home}, refusing to go to their room. Staff asking for "
         "advice.", "Disturbance at {home}; {yp} barricaded in bedroom. Resolved before police arrival.",
         "Neighbour reports shouting from {home}. Staff confirm {yp} was upset after a phone call."),
    ),
    "exploitation": (
        "Concern for Safety", ("Concern for Safety", "Child Sexual Exploitation", "Missing Person"), 0.15,
        "Child criminal exploitation",
        ("{yp} returned to {home} with a new phone and a large amount of cash. Staff believe an older male "
         "picked them up in a car which drove off towards the city centre.",
         "Staff at {home} concerned {yp} is involved in county lines. Seen getting into a grey car driven by an "
         "older male. Has unexplained cash and two phones.",
         "Intelligence that {yp} has been staying at a suspected trap house. Returned to {home} with new "
         "trainers and a new phone.",
         "Older male seen waiting outside {home} in a car; {yp} went out to meet him and drove off."),
    ),
    "peer_assault": (
        "Assault", ("Assault",), 0.8, "Assault occasioning actual bodily harm",
        ("Fight between two young people at {home}. {yp} has a cut lip.",
         "{yp} assaulted by another resident at {home} over a vape. Staff separated them."),
    ),
    "welfare": (
        "Concern for Safety", ("Concern for Safety", "Sudden Death / Concern"), 0.0, "",
        ("Staff at {home} concerned for the welfare of {yp} who has made threats of self-harm.",
         "{yp} has left {home} upset; staff request a welfare check. Returned within the hour."),
    ),
}
HOME_KIND_WEIGHTS = (("damage", 22), ("staff_push", 15), ("food", 6), ("behaviour", 18), ("exploitation", 11),
                     ("peer_assault", 10), ("welfare", 10))

# Incidents elsewhere involving a child in care: (opening, closing, p crime, crime type, role, templates).
AWAY_KINDS: dict[str, tuple[str, tuple[str, ...], float, str, str, tuple[str, ...]]] = {
    "shoplifting": ("Theft", ("Theft", "Shoplifting"), 0.9, "Theft from shop", "suspect",
                    ("Store detective detained a youth for stealing alcohol and sweets.",
                     "Two youths seen on CCTV taking clothing without paying; one detained.")),
    "asb": ("Anti-Social Behaviour", ("Anti-Social Behaviour",), 0.05, "", "suspect",
            ("Group of youths causing nuisance, throwing stones at buses.",
             "Youths on bikes intimidating shoppers; dispersed.")),
    "robbery_victim": ("Robbery", ("Robbery", "Assault"), 0.95, "Robbery of personal property", "victim",
                       ("Youth robbed of phone by two males on a moped.",
                        "Young person reports being threatened with a knife and having their coat taken.")),
    "exploitation_found": ("Concern for Safety", ("Concern for Safety", "Child Criminal Exploitation"), 0.3,
                           "Possession with intent to supply", "victim",
                           ("Young person found at a suspected trap house with an older male; cash and "
                            "wraps recovered. County lines concerns.",
                            "Youth found in a car with two older males; new phone and cash on them.")),
    "drugs": ("Drugs", ("Drugs",), 0.8, "Possession of controlled drugs", "suspect",
              ("Youth stop-searched; small quantity of cannabis found.",)),
    "assault_suspect": ("Assault", ("Assault", "Public Order"), 0.8, "Common assault", "suspect",
                        ("Fight outside the chicken shop between youths; one with a bloody nose.",)),
    "witness": ("Concern for Safety", ("Concern for Safety", "Assault"), 0.4, "", "witness",
                ("Altercation in the park; young people present gave accounts.",)),
}
AWAY_KIND_WEIGHTS = (("shoplifting", 24), ("asb", 18), ("robbery_victim", 10), ("exploitation_found", 10),
                     ("drugs", 10), ("assault_suspect", 16), ("witness", 12))

# Background incidents (most of a force's work): (opening, closings, p crime, crime types, person roles, texts).
BACKGROUND_KINDS: tuple[tuple[str, tuple[str, ...], float, tuple[str, ...], tuple[str, ...], tuple[str, ...], int],
                        ...] = (
    ("Anti-Social Behaviour", ("Anti-Social Behaviour", "Public Order"), 0.05, ("Public order offences",),
     ("reporting_person", "suspect"), ("Youths causing nuisance outside shops.", "Noise nuisance from a party.",
                                      "Neighbour dispute over parking escalating to shouting."), 16),
    ("Concern for Safety", ("Concern for Safety", "Sudden Death / Concern"), 0.0, ("",),
     ("reporting_person", "victim"), ("Caller concerned for elderly neighbour not seen for days.",
                                     "Male in distress on a bridge; talked down by officers."), 14),
    ("Domestic Incident", ("Domestic Incident", "Assault"), 0.45, ("Common assault", "Harassment"),
     ("victim", "suspect"), ("Verbal argument between partners; no injuries.",
                             "Female reports ex-partner attending address and making threats."), 12),
    ("Theft", ("Theft", "Shoplifting"), 0.85, ("Theft from shop", "Theft - other", "Theft from vehicle"),
     ("reporting_person", "suspect"), ("Shoplifting at supermarket, male left with alcohol.",
                                      "Bike stolen from outside the library."), 12),
    ("Transport", ("RTC Damage Only", "RTC Injury", "Highway Disruption"), 0.1, ("Vehicle offences",),
     ("reporting_person", "witness"), ("Two-car collision at the junction; no injuries.",
                                      "Vehicle blocking the road, owner traced."), 10),
    ("Criminal Damage", ("Criminal Damage",), 0.7, ("Criminal damage",), ("victim",),
     ("Car windows smashed overnight.", "Graffiti on the bus shelter."), 7),
    ("Burglary", ("Burglary", "Theft"), 0.95, ("Burglary - residential", "Burglary - business"),
     ("victim", "witness"), ("Rear door forced, laptop and jewellery taken.",), 5),
    ("Assault", ("Assault", "Public Order"), 0.85, ("Common assault", "Assault occasioning actual bodily harm"),
     ("victim", "suspect", "witness"), ("Fight outside a pub at closing time.",), 8),
    ("Suspicious Circumstances", ("Suspicious Circumstances", "Concern for Safety"), 0.05, ("",),
     ("reporting_person",), ("Report of a suspicious vehicle parked for hours.",
                             "Males seen trying car door handles."), 8),
    ("Administration", ("Administration", "Duplicate"), 0.0, ("",), ("reporting_person",),
     ("Lost property handed in.", "Call to report found dog."), 8),
)


def fill(rng: random.Random, template: str, *, yp: str, home: str) -> str:
    return template.format(yp=yp, home=home)


def young_person_label(rng: random.Random, first_name: str) -> str:
    """Narratives name the child sometimes, more often "YP" or "the young person"."""
    return rng.choice(("YP", "the young person", "YP", first_name, "the child"))


def home_label(rng: random.Random, home_name: str) -> str:
    return rng.choice(("the home", "the placement", home_name, "the children's home", "the address"))
