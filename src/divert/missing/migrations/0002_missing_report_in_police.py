"""Missing-person reports moved from `incidents` to `police` (ADR 0009): the foreign key follows, state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('missing', '0001_initial'),
        ('police', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='episodesource',
                    name='missing_report',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                               related_name='episode_source', to='police.missingreport'),
                ),
            ],
            database_operations=[],
        ),
    ]
