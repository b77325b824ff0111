"""The ops layer wires the pipeline, the after-import hook and the menus explicitly, from OpsConfig.ready()."""

from divert.core import menus
from divert.core.roles import Role
from divert.core.statistics import refresh_statistics
from divert.incidents import screening
from divert.ingest import hooks
from divert.matching import address_pipeline, people_pipeline
from divert.missing import pipeline as missing_pipeline
from divert.ops import hooks as ops_hooks
from divert.ops import menus as ops_menus
from divert.ops import pipeline


def test_pipeline_is_an_ordered_list_of_imported_steps():
    assert [step for _label, step in pipeline.STEPS] == [address_pipeline.run, people_pipeline.run,
                                                        missing_pipeline.run, screening.run, refresh_statistics]


def test_ops_registers_its_pipeline_with_ingest():
    assert hooks._after_import == [ops_hooks.after_import]
    assert hooks._run_pipeline == [ops_hooks.run_pipeline]


def test_every_role_has_a_menu_and_every_entry_reverses():
    for role in Role:
        assert menus.tasks_for(role) and menus.nav_for(role)
        for _title, url, _description in menus.tasks_for(role):
            assert url.startswith("/")
    assert [url for _label, url in menus.nav_for(Role.CICPO)] == [t.url for _l, t in ops_menus.NAV[Role.CICPO]]


def test_no_role_no_menu():
    assert menus.tasks_for(None) == [] and menus.nav_for(None) == []
