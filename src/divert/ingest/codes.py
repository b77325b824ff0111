"""Codes used to validate imported files: the registers' and police files' own, and the 903's fixed ones.

The SSDA903 code lists that change by collection year are data in `divert/standards/ssda903_codes/`
(from the DfE SSDA903 specification as `SocialFinanceDigitalLabs/liia-tools` encodes it, and the DfE guidance as
`data-to-insight/csc-validator-be-903` encodes it for later years). Codes are stored exactly as the standard
writes them (DfE SSDA903 guidance).
"""

# The 903 code lists (PLACE, LS, RNE, CIN, REC, REASON_PLACE_CHANGE, PLACE_PROVIDER, MISSING, ETHNIC,
# SDQ_REASON) are data, by collection year: divert/standards/ssda903_codes/YEAR.json.

# Header.SEX: 1 male, 2 female. Divert stores M/F/U.
SEX_903 = {"1": "M", "2": "F", "MALE": "M", "FEMALE": "F"}

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
