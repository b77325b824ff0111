"""The one UK format for dates shown to users (divert.core.formats)."""

from divert.core.formats import uk_dates_in


def test_uk_dates_in_reads_each_iso_date_in_stored_text_as_a_uk_date():
    assert uk_dates_in("daily list 2026-12-02") == "daily list 2 December 2026"
    assert uk_dates_in("MASE meeting 2026-03-01, pack 2026-02") == "MASE meeting 1 March 2026, pack 2026-02"
    assert uk_dates_in("episode 12 2026-13-40") == "episode 12 2026-13-40"  # not a date: left alone
    assert uk_dates_in("") == "" and uk_dates_in(None) == ""
