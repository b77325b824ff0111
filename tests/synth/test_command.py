import json

from django.core.management import call_command


def test_command_writes_the_directory(tmp_path):
    call_command("synth", "--profile", "city", "--scale", "0.05", "--days", "3", "--seed", "5",
                 "--now", "2026-01-10T08:00", "--out", str(tmp_path), "--quiet")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["seed"] == 5 and manifest["collection_years"] == [2025, 2026]
    for name in ("homes.csv", "children.csv", "police/incidents.csv", "police/custody.csv", "police/missing.csv",
                 "police/mapping.toml", "ssda903/2025/episodes.csv", "ssda903/2026/oc2.csv",
                 "truth/incident_people.csv"):
        assert (tmp_path / name).exists(), name


def test_help_mentions_the_profiles(capsys):
    from divert.synth.management.commands.synth import Command

    parser = Command().create_parser("divert", "synth")
    text = parser.format_help()
    assert "--profile" in text and "national" in text and "--now" in text and "--scale" in text
