"""Reference data: unit costs for the value-for-money table, each with its source and price year (editable by an
administrator). Frozen here so the migration never changes."""

from decimal import Decimal

from django.db import migrations

# key, label, low, high, unit, price year, source, note
COSTS = [
    ("missing_investigation", "A missing-person investigation", "1325", "2415", "per investigation", 2012,
     "University of Portsmouth, 2012 (the cost of missing person investigations)",
     "GBP 2,415 judged the more realistic figure"),
    ("custody_secure_childrens_home", "Youth custody: secure children's home", "212000", "212000", "per place a year",
     2012, "House of Commons Justice Committee, Youth Justice, 2012-13", "approximate"),
    ("custody_secure_training_centre", "Youth custody: secure training centre", "178000", "178000",
     "per place a year", 2012, "House of Commons Justice Committee, Youth Justice, 2012-13", "approximate"),
    ("custody_yoi", "Youth custody: young offender institution", "65000", "65000", "per place a year", 2012,
     "House of Commons Justice Committee, Youth Justice, 2012-13", "approximate"),
]


def seed(apps, schema_editor):
    UnitCost = apps.get_model("outcomes", "UnitCost")  # noqa: N806
    for key, label, low, high, unit, year, source, note in COSTS:
        UnitCost.objects.update_or_create(key=key, defaults=dict(
            label=label, low=Decimal(low), high=Decimal(high), unit=unit, price_year=year, source=source, note=note))


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0003_unit_cost")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
