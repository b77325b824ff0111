"""The police records move here from `incidents` without copying data (ADR 0009).

State only: the tables were created by `incidents` 0001 and keep their names (`Meta.db_table`).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('incidents', '0004_list_indexes'),
        ('ingest', '0001_initial'),
        ('registers', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CustodyRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('source_file', models.CharField(blank=True, max_length=255)),
                        ('source_row', models.PositiveIntegerField(blank=True, null=True)),
                        ('first_name', models.CharField(blank=True, max_length=100)),
                        ('last_name', models.CharField(blank=True, max_length=100)),
                        ('date_of_birth', models.DateField(blank=True, null=True)),
                        ('sex', models.CharField(blank=True, max_length=1)),
                        ('link_status', models.CharField(choices=[('unmatched', 'Not yet matched'), ('linked', 'Linked'), ('review', 'Sent for review'), ('none', 'No match')], db_index=True, default='unmatched', max_length=16)),
                        ('link_probability', models.FloatField(blank=True, null=True)),
                        ('custody_reference', models.CharField(max_length=40, unique=True)),
                        ('arrested_at', models.DateTimeField(db_index=True)),
                        ('address_given', models.CharField(blank=True, max_length=300)),
                        ('postcode', models.CharField(blank=True, max_length=10)),
                        ('offence', models.CharField(blank=True, max_length=200)),
                        ('child', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registers.child')),
                        ('import_run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ingest.importrun')),
                    ],
                    options={
                        'db_table': 'incidents_custodyrecord',
                        'ordering': ['-arrested_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Incident',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('source_file', models.CharField(blank=True, max_length=255)),
                        ('source_row', models.PositiveIntegerField(blank=True, null=True)),
                        ('reference', models.CharField(max_length=40, unique=True)),
                        ('reported_at', models.DateTimeField(db_index=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('location_text', models.CharField(blank=True, max_length=300)),
                        ('location_postcode', models.CharField(blank=True, max_length=10)),
                        ('location_uprn', models.CharField(blank=True, max_length=12)),
                        ('easting', models.IntegerField(blank=True, null=True)),
                        ('northing', models.IntegerField(blank=True, null=True)),
                        ('opening_category', models.CharField(blank=True, max_length=100)),
                        ('closing_category', models.CharField(blank=True, max_length=100)),
                        ('crime_recorded', models.BooleanField(default=False)),
                        ('crime_type', models.CharField(blank=True, max_length=100)),
                        ('narrative', models.TextField(blank=True)),
                        ('reported_by', models.CharField(choices=[('home_staff', 'Home staff'), ('public', 'Member of the public'), ('child', 'The child'), ('other', 'Other')], default='other', max_length=16)),
                        ('home_match_status', models.CharField(choices=[('unmatched', 'Not yet matched'), ('linked', 'Linked'), ('review', 'Sent for review'), ('none', 'No match')], db_index=True, default='unmatched', max_length=16)),
                        ('home_match_score', models.FloatField(blank=True, null=True)),
                        ('home_match_method', models.CharField(blank=True, max_length=32)),
                        ('home', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='registers.home')),
                        ('import_run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ingest.importrun')),
                    ],
                    options={
                        'db_table': 'incidents_incident',
                        'ordering': ['-reported_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Involvement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('first_name', models.CharField(blank=True, max_length=100)),
                        ('last_name', models.CharField(blank=True, max_length=100)),
                        ('date_of_birth', models.DateField(blank=True, null=True)),
                        ('sex', models.CharField(blank=True, max_length=1)),
                        ('link_status', models.CharField(choices=[('unmatched', 'Not yet matched'), ('linked', 'Linked'), ('review', 'Sent for review'), ('none', 'No match')], db_index=True, default='unmatched', max_length=16)),
                        ('link_probability', models.FloatField(blank=True, null=True)),
                        ('role', models.CharField(choices=[('suspect', 'Suspect'), ('victim', 'Victim'), ('missing_person', 'Missing person'), ('reporting_person', 'Reporting person'), ('witness', 'Witness')], max_length=20)),
                        ('source_row', models.PositiveIntegerField(blank=True, null=True)),
                        ('child', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registers.child')),
                        ('incident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='involvements', to='police.incident')),
                    ],
                    options={
                        'db_table': 'incidents_involvement',
                    },
                ),
                migrations.CreateModel(
                    name='MissingReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('source_file', models.CharField(blank=True, max_length=255)),
                        ('source_row', models.PositiveIntegerField(blank=True, null=True)),
                        ('first_name', models.CharField(blank=True, max_length=100)),
                        ('last_name', models.CharField(blank=True, max_length=100)),
                        ('date_of_birth', models.DateField(blank=True, null=True)),
                        ('sex', models.CharField(blank=True, max_length=1)),
                        ('link_status', models.CharField(choices=[('unmatched', 'Not yet matched'), ('linked', 'Linked'), ('review', 'Sent for review'), ('none', 'No match')], db_index=True, default='unmatched', max_length=16)),
                        ('link_probability', models.FloatField(blank=True, null=True)),
                        ('reference', models.CharField(max_length=40, unique=True)),
                        ('reported_missing_at', models.DateTimeField(db_index=True)),
                        ('found_at', models.DateTimeField(blank=True, null=True)),
                        ('risk_grade', models.CharField(blank=True, choices=[('no_apparent_risk', 'No apparent risk'), ('low', 'Low'), ('medium', 'Medium'), ('high', 'High')], max_length=20)),
                        ('missing_from_address', models.CharField(blank=True, max_length=300)),
                        ('missing_from_postcode', models.CharField(blank=True, max_length=10)),
                        ('location_found', models.CharField(blank=True, max_length=300)),
                        ('found_postcode', models.CharField(blank=True, max_length=10)),
                        ('found_easting', models.IntegerField(blank=True, null=True)),
                        ('found_northing', models.IntegerField(blank=True, null=True)),
                        ('child', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registers.child')),
                        ('home', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='missing_reports', to='registers.home')),
                        ('import_run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ingest.importrun')),
                    ],
                    options={
                        'db_table': 'incidents_missingreport',
                        'ordering': ['-reported_missing_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='incident',
                    index=models.Index(fields=['home', 'reported_at'], name='incident_home_reported_idx'),
                ),
                migrations.AddIndex(
                    model_name='involvement',
                    index=models.Index(fields=['child', 'incident'], name='involvement_child_inc_idx'),
                ),
                migrations.AddConstraint(
                    model_name='involvement',
                    constraint=models.UniqueConstraint(fields=('incident', 'first_name', 'last_name', 'date_of_birth', 'role'), name='unique_involvement'),
                ),
            ],
            database_operations=[],
        ),
    ]
