"""SSDA903 code lists used to validate imported returns (DfE SSDA903 guidance).

Sources: the DfE SSDA903 guidance as encoded in `SocialFinanceDigitalLabs/liia-tools`
(`liiatools/spec/s903/SSDA903_schema_2024.yml`, category lists per column) and the DfE validation rules in
`data-to-insight/csc-validator-be-903` (`lac_validator/config.py`). Codes are stored exactly as the standard
writes them (design.md 5).
"""

# Episodes.PLACE. K3 (supported accommodation) is valid from 2024-25; H5 (semi-independent living) until
# 2024-25 (DfE SSDA903 guidance). Both are accepted in every year; a code used outside its years is a warning.
PLACE = frozenset({
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
})
PLACE_FIRST_YEAR = {"K3": 2025}  # collection year ending 31 March
PLACE_LAST_YEAR = {"H5": 2025}

# Episodes.PLACE_PROVIDER: PR0 parents, PR1 own LA, PR2 other LA, PR3 other public, PR4 private, PR5 voluntary.
PLACE_PROVIDER = frozenset({"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"})

# Episodes.LS (legal status); J1-J3 are justice-related, V3/V4 short breaks.
LEGAL_STATUS = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})

# Episodes.RNE (reason for new episode).
RNE = frozenset({"S", "L", "P", "T", "B", "U"})

# Episodes.CIN (category of need).
CIN = frozenset({"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"})

# Episodes.REC (reason episode ceased); X1 = the episode continues with a change, E9 sentenced to custody,
# E14 remand ended.
REC = frozenset({
    "X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E4A", "E4B", "E41", "E45", "E46",
    "E47", "E48", "E5", "E6", "E7", "E8", "E9",
})

# Episodes.REASON_PLACE_CHANGE.
REASON_PLACE_CHANGE = frozenset({
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER",
})

# Missing.MISSING: M missing from care, A away from placement without authorisation (APP missing persons).
MISSING = frozenset({"M", "A"})

# Header.SEX: 1 male, 2 female. Divert stores M/F/U.
SEX_903 = {"1": "M", "2": "F", "MALE": "M", "FEMALE": "F"}

# Header.ETHNIC.
ETHNIC = frozenset({
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
    "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
})

# OC2.SDQ_REASON.
SDQ_REASON = frozenset({"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"})

# The 903 URN of a placement with no Ofsted registration.
NO_URN = frozenset({"", "XXXXXXX"})

# Registers and police files (docs/data-formats.md).
SEX = frozenset({"M", "F", "U"})
PROVIDER_TYPE = frozenset({"la", "private", "voluntary"})
SETTING_TYPE = frozenset({"la_childrens_home", "private_childrens_home", "supported_accommodation", "other"})
REPORTED_BY = frozenset({"home_staff", "public", "child", "other"})
PERSON_ROLE = frozenset({"suspect", "victim", "missing_person", "reporting_person", "witness"})
RISK_GRADE = frozenset({"no_apparent_risk", "low", "medium", "high"})
YES_NO = {"Y": True, "YES": True, "TRUE": True, "1": True, "N": False, "NO": False, "FALSE": False, "0": False}
