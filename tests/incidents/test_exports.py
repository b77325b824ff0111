import csv
import io

from django.core.management import call_command
from django.urls import reverse

from divert.core.models import AccessLog
from divert.core.roles import Role

from .conftest import DAY


def _get(client, fmt, **params):
    return client.get(reverse("incidents:daily_export", args=[fmt]), {"date": DAY.isoformat(), **params})


def test_csv_parses_back_and_is_logged(city, make_user, client):
    user = make_user(Role.CICPO)
    client.force_login(user)
    response = _get(client, "csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    damage = next(r for r in rows if r["Reference"] == city["incidents"]["damage"].reference)
    assert damage["Home"] == "Oak House" and damage["Crime recorded"] == "Yes"
    assert "Would a family have called the police?" in damage["Flags"] and "Amy Archer" in damage["People"]
    assert AccessLog.objects.filter(user=user, channel="export").count() == 3


def test_csv_neutralises_formulas(city, make_user, client):
    inc = city["incidents"]["damage"]
    inc.narrative = "=HYPERLINK(\"http://x\")"
    inc.save()
    client.force_login(make_user(Role.CICPO))
    assert "'=HYPERLINK" in _get(client, "csv").content.decode("utf-8-sig")


def test_xlsx_parses_back(city, make_user, client):
    from openpyxl import load_workbook

    client.force_login(make_user(Role.CICPO))
    response = _get(client, "xlsx", flag="missing")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = list(ws.values)
    assert values[0][0] == "Home" and len(values) == 2
    assert values[1][3] == city["incidents"]["missing"].reference


def test_pdf(city, make_user, client):
    client.force_login(make_user(Role.CICPO))
    response = _get(client, "pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(response.content) > 5000


def test_provider_manager_export_is_scoped(city, make_user, client):
    client.force_login(make_user(Role.PROVIDER_MANAGER, provider=city["providers"][1]))
    rows = list(csv.DictReader(io.StringIO(_get(client, "csv").content.decode("utf-8-sig"))))
    assert {r["Home"] for r in rows} == {"River View"}


def test_unknown_format_404(city, make_user, client):
    client.force_login(make_user(Role.CICPO))
    assert _get(client, "docx").status_code == 404


def test_command_writes_csv_and_xlsx(city, tmp_path):
    out = tmp_path / "list.csv"
    call_command("daily", "--date", DAY.isoformat(), "--format", "csv", "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert len(rows) == 4
    xlsx = tmp_path / "list.xlsx"
    call_command("daily", "--date", DAY.isoformat(), "--format", "xlsx", "--out", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"
    assert AccessLog.objects.filter(channel="export", user=None).exists()


def test_command_pdf_needs_an_output_file(city):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("daily", "--date", DAY.isoformat(), "--format", "pdf")
    with pytest.raises(CommandError):
        call_command("daily", "--date", "25/11/2026")
