"""The police records now belong to `police` (ADR 0009): the work's foreign keys follow, and the models leave this
app's state. State only: the tables stay where they are, under their old names.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0004_list_indexes'),
        ('police', '0001_initial'),
        ('missing', '0002_missing_report_in_police'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='arrestalert',
                    name='custody',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT,
                                               related_name='arrest_alert', to='police.custodyrecord'),
                ),
                migrations.AlterField(
                    model_name='followup',
                    name='incident',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followups',
                                            to='police.incident'),
                ),
                migrations.AlterField(
                    model_name='triage',
                    name='incident',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='triage',
                                               to='police.incident'),
                ),
                migrations.DeleteModel(name='Involvement'),
                migrations.DeleteModel(name='CustodyRecord'),
                migrations.DeleteModel(name='MissingReport'),
                migrations.DeleteModel(name='Incident'),
            ],
            database_operations=[],
        ),
    ]
