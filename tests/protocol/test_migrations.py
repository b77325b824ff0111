"""Migrations that move data: intervention owners from free text to users."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("protocol", "0004_merge_version_and_conditions")]
AFTER = [("protocol", "0006_intervention_owner_text_kept_as_note")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A live-server test may have flushed the migrated form templates and outcomes: seed them again."""
    import importlib

    from django.apps import apps

    from divert.protocol.models import FormTemplate

    if not FormTemplate.objects.exists():
        importlib.import_module("divert.protocol.migrations.0002_reference_data").seed(apps, None)


def test_free_text_owners_are_kept_as_notes_and_a_users_name_becomes_the_owner(make_user):
    from divert.core.roles import Role
    from tests.protocol.helpers import decide, sent_case

    users = {r: make_user(r) for r in (Role.CICPO, Role.SOCIAL_WORKER, Role.YOUTH_JUSTICE, Role.ADMINISTRATOR,
                                       Role.PROVIDER_MANAGER)}
    named = users[Role.YOUTH_JUSTICE]
    named.first_name, named.last_name = "Sam", "Okoro"
    named.save()
    case = sent_case(users)
    decision = decide(users, case)
    try:
        old = _migrate(BEFORE)
        Intervention = old.get_model("protocol", "Intervention")
        due = dt.date(2026, 12, 1)
        Intervention.objects.create(decision_id=decision.pk, description="a", owner="YJS duty team", due_on=due)
        Intervention.objects.create(decision_id=decision.pk, description="b", owner="sam okoro", due_on=due)
        Intervention.objects.create(decision_id=decision.pk, description="c", owner=named.username, due_on=due)
        new = _migrate(AFTER)
        rows = {i.description: (i.owner_id, i.owner_note)
                for i in new.get_model("protocol", "Intervention").objects.all()}
        assert rows == {"a": (None, "YJS duty team"), "b": (named.pk, "sam okoro"),
                        "c": (named.pk, named.username)}
    finally:
        _migrate([("protocol", _latest())])


def _latest():
    from django.db.migrations.loader import MigrationLoader

    return max(n for app, n in MigrationLoader(connection).graph.leaf_nodes() if app == "protocol")
