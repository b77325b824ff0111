"""Who can be on a care register at all: an optional pre-filter before person linkage (`--care-register`).

A national year of police records names about 24 million people; almost all of them are adults who cannot be a
child in care or a care leaver, whatever their names. Scoring them against the register costs most of the linkage
time and adds nothing but namesakes. When the right file is a register of children in care and care leavers, a
left record whose age on its own date (the incident, the arrest, the missing report) is beyond the oldest age the
register covers is decided `none` without being scored (ADR 0052).

What is never dropped: a record with no date of birth, no record date, or one that cannot be read (nothing is
known about its age), and a record whose date of birth falls after its own date (an impossible date says that
the date is wrong, not who the person is). Such records are scored as before.
"""

import datetime as dt

import pandas as pd

# National protocol 2018: the protocol covers looked-after children and care leavers "to 25". A care leaver keeps
# a personal adviser until their 25th birthday; the age is counted in whole years, and 25 itself is kept, so that
# only a record that certainly cannot be covered is dropped.
OLDEST_AGE_COVERED = 25


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in whole years on a date (a birthday on 29 February counts from 1 March in other years)."""
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def may_be_on_care_register(date_of_birth: dt.date | None, on: dt.date | None) -> bool:
    """National protocol 2018: whether a person can be a looked-after child or a care leaver covered by the
    protocol on the date `on` - False only when both dates are known and the person was older than 25 then."""
    if date_of_birth is None or on is None or date_of_birth > on:
        return True
    return age_on(date_of_birth, on) <= OLDEST_AGE_COVERED


def may_be_on_care_register_frame(dob_iso: pd.Series, record_date_iso: pd.Series) -> pd.Series:
    """`may_be_on_care_register` for columns of ISO dates (`yyyy-mm-dd`, None or empty when unknown), vectorised:
    True where the record must be scored."""
    dob = pd.to_datetime(dob_iso, format="%Y-%m-%d", errors="coerce")
    on = pd.to_datetime(record_date_iso, format="%Y-%m-%d", errors="coerce")
    known = dob.notna() & on.notna() & (dob <= on)
    before_birthday = (on.dt.month * 100 + on.dt.day) < (dob.dt.month * 100 + dob.dt.day)
    age = on.dt.year - dob.dt.year - before_birthday.astype(int)
    return (~known) | (age <= OLDEST_AGE_COVERED)
