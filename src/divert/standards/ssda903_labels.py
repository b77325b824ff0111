"""SSDA903 codes in plain English, for pages and emails (DfE SSDA903 guidance: the code sets of the Episodes
table). The words are shortened from the guidance's descriptions so that they fit a table cell; the code lists
themselves (which codes a year accepts) are in `ssda903_codes`."""

LABELS: dict[str, dict[str, str]] = {
    # Reason for new episode
    "RNE": {
        "S": "Started to be looked after",
        "L": "Change of legal status only",
        "P": "Change of placement and carer",
        "T": "Change of placement, same carer",
        "B": "Change of legal status and of placement and carer",
        "U": "Change of legal status and of placement, same carer",
    },
    # Legal status
    "LS": {
        "C1": "Interim care order",
        "C2": "Full care order",
        "D1": "Freeing order granted",
        "E1": "Placement order granted",
        "V2": "Accommodated by agreement (section 20)",
        "V3": "Short breaks, each episode recorded",
        "V4": "Short breaks, the agreement recorded",
        "L1": "Police protection, in council accommodation",
        "L2": "Emergency protection order",
        "L3": "Child assessment order, in council accommodation",
        "J1": "Remanded to council or youth detention accommodation",
        "J2": "Detained by the police (PACE), in council accommodation",
        "J3": "Youth rehabilitation order with a residence or fostering requirement",
    },
    # Category of need
    "CIN": {
        "N1": "Abuse or neglect",
        "N2": "Child's disability",
        "N3": "Parental illness or disability",
        "N4": "Family in acute stress",
        "N5": "Family dysfunction",
        "N6": "Socially unacceptable behaviour",
        "N7": "Low income",
        "N8": "Absent parenting",
    },
    # Placement type
    "PLACE": {
        "A3": "Placed for adoption (consent) with current foster carers",
        "A4": "Placed for adoption (consent) with new carers",
        "A5": "Placed for adoption (placement order) with current foster carers",
        "A6": "Placed for adoption (placement order) with new carers",
        "H5": "Semi-independent living (not a registered home)",
        "K1": "Secure children's home",
        "K2": "Children's home",
        "K3": "Supported accommodation",
        "P1": "Placed with parents",
        "P2": "Independent living",
        "P3": "Residential employment",
        "R1": "Residential care home",
        "R2": "Hospital or other health setting",
        "R3": "Family centre or mother and baby unit",
        "R5": "Young offender institution",
        "S1": "Residential school",
        "T0": "Temporary move",
        "T1": "Temporary stay in hospital",
        "T2": "Temporary absence on holiday",
        "T3": "Temporary stay while the foster carer is on holiday",
        "T4": "Temporary stay of seven days or less",
        "U1": "Foster placement with relatives or friends (long term)",
        "U2": "Foster placement with relatives or friends (fostering for adoption)",
        "U3": "Foster placement with relatives or friends",
        "U4": "Foster placement (long term)",
        "U5": "Foster placement (fostering for adoption)",
        "U6": "Foster placement",
        "Z1": "Other placement",
        "Z11": "Other placement",
        "Z12": "Other placement",
        "Z13": "Other placement",
        "Z14": "Other placement",
    },
    # Placement provider
    "PLACE_PROVIDER": {
        "PR0": "Parents or others with parental responsibility",
        "PR1": "The council's own provision",
        "PR2": "Another council's provision",
        "PR3": "Other public provision",
        "PR4": "Private provision",
        "PR5": "Voluntary or charity provision",
    },
    # Reason the episode ended
    "REC": {
        "X1": "Episode ended and a new one began the same day",
        "E11": "Adopted (unopposed)",
        "E12": "Adopted (consent dispensed with)",
        "E2": "Died",
        "E3": "Care taken over by another council",
        "E4A": "Returned home as planned",
        "E4B": "Returned home, not as planned",
        "E13": "Left care to live with family or friends without parental responsibility",
        "E41": "Residence or child arrangements order",
        "E43": "Special guardianship order to former foster carers",
        "E44": "Special guardianship order to other carers",
        "E45": "Special guardianship order to former foster carers who are relatives or friends",
        "E46": "Special guardianship order to other former foster carers",
        "E47": "Special guardianship order to relatives or friends",
        "E48": "Special guardianship order to other carers",
        "E5": "Moved to independent living with support",
        "E6": "Moved to independent living without support",
        "E7": "Moved to adult residential care",
        "E8": "Left care for another reason",
        "E9": "Sentenced to custody",
        "E14": "Remand ended",
        "E15": "Age assessed as 18 or over",
        "E16": "Moved abroad",
        "E17": "Aged 18, stayed with the same carers (staying put)",
    },
    # Reason for a change of placement
    "REASON_PLACE_CHANGE": {
        "CARPL": "Care plan",
        "CLOSE": "Provision closed or carer resigned",
        "ALLEG": "Allegation (section 47)",
        "STAND": "Concern about standards of care",
        "APPRR": "Carer's approval removed",
        "CREQB": "Carer asked for it to end because of the child's behaviour",
        "CREQO": "Carer asked for it to end for another reason",
        "CHILD": "Child asked for it to end",
        "LAREQ": "Council asked for it to end",
        "PLACE": "Change in the placement's status only",
        "CUSTOD": "Custody",
        "OTHER": "Other reason",
    },
}


def label(field: str, code: str) -> str:
    """The plain-English words for an SSDA903 code ("LS", "C2" -> "Full care order"); "" when unknown."""
    return LABELS.get(field, {}).get((code or "").strip().upper(), "")


def describe(field: str, code: str) -> str:
    """Words with the code in brackets ("Full care order (C2)"); an unknown code as it is; "" for no code."""
    code = (code or "").strip()
    words = label(field, code)
    return f"{words} ({code})" if words else code
