"""Generator profiles: every calibration figure in one place (sources in docs/synth-calibration.md).

`city` is a Nottingham-like fictional city (Howard League 2019: 10 council homes, 65 private homes; CPB report 2021
Table 1:
offending near 4%). `national` scales the same model to England. `scaled()` shrinks a profile for
tests and quick demos.
"""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class MessRates:
    """How often a police record departs from the truth. Each is a probability per record (or per field).

    Estimated from the public development sets where they show the defect (FHRS addresses, FEBRL 1-4, splink
    fake_1000: `benchmarks/synth_calibration.py` prints each share), our assumption otherwise; each rate and its
    source is in docs/synth-calibration.md "Messiness".
    """

    nickname: float = 0.12            # a known nickname instead of the formal forename
    alias: float = 0.35               # a child with aliases gives one of them
    first_name_typo: float = 0.08     # transposition / deletion / substitution / insertion (fake_1000: 0.085)
    last_name_typo: float = 0.08      # fake_1000: 0.109
    forename_initial: float = 0.03    # "J" for "Jordan"
    forename_missing: float = 0.04    # FEBRL 1-4: 0.043
    surname_missing: float = 0.02     # FEBRL 1-4: 0.021 (only when a forename is given)
    names_swapped: float = 0.04       # forename and surname the wrong way round (FEBRL 0.044, fake_1000 0.049)
    surname_hyphenated: float = 0.02  # "Smith" -> "Smith-Jones" (or a hyphenated surname halved)
    name_upper_case: float = 0.10     # "JORDAN SMITH"
    dob_day_month_swapped: float = 0.03  # only possible when the day is 12 or less
    dob_year_off_by_one: float = 0.02
    dob_day_wrong: float = 0.02       # the day keyed 1-3 out (FEBRL: 0.063 of dates changed in all)
    dob_missing: float = 0.08
    sex_missing: float = 0.03
    postcode_missing: float = 0.15
    postcode_mistyped: float = 0.05
    postcode_space_dropped: float = 0.10
    street_abbreviated: float = 0.40  # "Road" -> "Rd"
    flat_variant: float = 0.50        # "Flat 2" -> "2" / "Flat B" / "2/" ...
    house_name_for_number: float = 0.30  # when the house has a name
    location_case_changed: float = 0.25
    location_uprn_given: float = 0.25  # the UPRN column is filled (gazetteer hit)
    location_uprn_only: float = 0.03   # the location text is only the UPRN
    location_coordinates_given: float = 0.70
    town_omitted: float = 0.50
    location_lower_case: float = 0.40  # of the case changes, the share typed in lower case (else capitals)
    location_business_name: float = 0.095  # a business name before the number (FHRS: 0.095)
    location_unit: float = 0.046      # a unit on a business park or trading estate (FHRS: 0.046)
    location_comma_in_name: float = 0.07  # a stray comma inside the street name: "Clay, Hill Rd" (FHRS: 0.068)
    range_written_as_one_number: float = 0.40  # "21-23 Elm Road" typed as "21 Elm Road" or "23 Elm Road"


@dataclass(frozen=True)
class Profile:
    name: str
    # Registers.
    children_in_care: int             # stock at 31 March (looked after on a day)
    entries_per_year: float           # children starting to be looked after, per year
    la_homes: int
    private_homes: int
    supported_settings: int
    voluntary_homes: int
    homes_closed_last_year: int
    homes_opened_this_year: int
    towns: int                        # 1 = one city; national spreads settings over many towns
    streets_per_town: int
    social_workers: int
    out_of_area_residential_share: float  # of the LA's children in homes, placed outside the area
    other_la_residents_per_home: float    # children of other LAs living in the area's homes (police side only)
    # Police.
    incidents_per_day: float          # force-wide background incidents (most involve no child in care)
    home_incidents_per_setting_day: float  # mean call-outs per home per day (skewed across homes)
    home_callout_skew: float          # gamma shape for per-home call-out rates: small = a few homes call most
    cic_away_incidents_per_child_year: float  # incidents elsewhere involving a child in care
    other_missing_reports_per_day: float   # missing reports for people not in care
    custody_per_day: float            # arrests of people not in care
    # Children in care: offending, missing.
    offending_rate: float             # OC2 CONVICTED=1 share of the 10-17 continuously-looked-after cohort
    diverted_arrests_per_conviction: float
    missing_prone_share: float        # share of children in care who go missing in a year
    missing_per_prone_child_year: float
    missing_away_share: float         # 903 'A' (away without authorisation) rather than 'M'
    co_missing_share: float           # episodes in which a second child from the same home goes too
    lookalike_share: float            # children in care with a not-in-care lookalike in the police data
    pool_size: int                    # people (not in care) who appear in police records
    rates: MessRates = field(default_factory=MessRates)
    # Output.
    days: int = 730                   # incident window: the last N days up to "now"
    # Register addresses as real ones look (FHRS: 5.2% ranges, 9.5% a name before the number).
    range_home_share: float = 0.05    # homes in two knocked-through houses: "21-23 Elm Road"
    named_building_share: float = 0.50  # supported-accommodation buildings with a name ("Linden Court")
    chunk_rows: int = 20_000


CITY = Profile(
    name="city",
    children_in_care=700,
    entries_per_year=280,
    la_homes=10,
    private_homes=65,
    supported_settings=24,
    voluntary_homes=0,
    homes_closed_last_year=2,
    homes_opened_this_year=3,
    towns=1,
    streets_per_town=420,
    social_workers=45,
    out_of_area_residential_share=0.20,
    other_la_residents_per_home=1.2,
    incidents_per_day=50,
    home_incidents_per_setting_day=0.07,
    home_callout_skew=0.45,
    cic_away_incidents_per_child_year=0.9,
    other_missing_reports_per_day=4.0,
    custody_per_day=10,
    offending_rate=0.04,
    diverted_arrests_per_conviction=2.0,
    missing_prone_share=0.11,
    missing_per_prone_child_year=3.5,
    missing_away_share=0.15,
    co_missing_share=0.15,
    lookalike_share=0.12,
    pool_size=60_000,
)

NATIONAL = Profile(
    name="national",
    children_in_care=84_000,
    entries_per_year=33_600,
    la_homes=500,
    private_homes=2_700,
    supported_settings=1_250,
    voluntary_homes=50,
    homes_closed_last_year=120,
    homes_opened_this_year=180,
    towns=160,
    streets_per_town=300,
    social_workers=5_400,
    out_of_area_residential_share=0.0,
    other_la_residents_per_home=0.0,
    incidents_per_day=41_000,
    home_incidents_per_setting_day=0.07,
    home_callout_skew=0.45,
    cic_away_incidents_per_child_year=0.9,
    other_missing_reports_per_day=800,
    custody_per_day=2_700,
    offending_rate=0.02,
    diverted_arrests_per_conviction=2.0,
    missing_prone_share=0.11,
    missing_per_prone_child_year=3.5,
    missing_away_share=0.15,
    co_missing_share=0.15,
    lookalike_share=0.05,
    pool_size=5_000_000,
    days=7,  # a week of incidents by default (~290,000); --days 365 gives a full year (~15 million)
)

PROFILES = {"city": CITY, "national": NATIONAL}


def scaled(profile: Profile, scale: float) -> Profile:
    """The same profile with every volume multiplied by `scale` (rates and shares unchanged)."""
    if scale == 1:
        return profile

    def n(x: int, minimum: int = 1) -> int:
        return max(minimum, round(x * scale))

    return replace(
        profile,
        children_in_care=n(profile.children_in_care, 20),
        entries_per_year=profile.entries_per_year * scale,
        la_homes=n(profile.la_homes),
        private_homes=n(profile.private_homes, 3),
        supported_settings=n(profile.supported_settings, 2),
        voluntary_homes=n(profile.voluntary_homes, 0),
        homes_closed_last_year=n(profile.homes_closed_last_year),
        homes_opened_this_year=n(profile.homes_opened_this_year),
        towns=n(profile.towns, 2 if profile.towns > 1 else 1),
        social_workers=n(profile.social_workers, 2),
        incidents_per_day=profile.incidents_per_day * scale,
        other_missing_reports_per_day=profile.other_missing_reports_per_day * scale,
        custody_per_day=profile.custody_per_day * scale,
        pool_size=n(profile.pool_size, 1000),
    )
