from divert.missing.pseudonymise import format_postcode, postcode_sector, pseudonym, suppress


def test_pseudonyms_are_stable_and_keyed(monkeypatch, settings):
    monkeypatch.delenv("DIVERT_PSEUDONYM_KEY", raising=False)
    a = pseudonym("C00001")
    assert a == pseudonym("C00001") and a != pseudonym("C00002") and a.startswith("C-") and "C00001" not in a
    settings.SECRET_KEY = "another-secret-key"
    assert pseudonym("C00001") != a  # defaults to SECRET_KEY
    monkeypatch.setenv("DIVERT_PSEUDONYM_KEY", "k1")
    b = pseudonym("C00001")
    settings.SECRET_KEY = "yet-another"
    assert pseudonym("C00001") == b  # the explicit key wins


def test_small_numbers_suppressed(settings):
    settings.DIVERT = {**settings.DIVERT, "SUPPRESS_BELOW": 6}
    assert [suppress(n) for n in (0, 1, 5, 6, 40)] == [0, "c", "c", 6, 40]
    assert suppress("text") == "text"


def test_postcodes():
    assert postcode_sector("ng7  2bb") == "NG7 2" and postcode_sector("NG72BB") == "NG7 2"
    assert format_postcode("ng52ba") == "NG5 2BA" == format_postcode("NG5 2BA")
