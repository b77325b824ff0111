"""Role groups are named once (divert.core.roles) and every app builds its permissions from them (ADR 0037)."""

import ast
from pathlib import Path

from divert.core.roles import (
    ADMINISTRATORS,
    ALL_CHILDREN_ROLES,
    CICPO_TEAM,
    EVERY_ROLE,
    IMPORT_ROLES,
    PROSECUTORS,
    SAFEGUARDING_PARTNERS,
    Role,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "divert"
# Where a written-out collection of roles is the point: the groups themselves, and the demo's users to create.
ALLOWED = {"core/roles.py", "protocol/demo.py"}


def _is_role(node: ast.expr) -> bool:
    return ((isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role")
            or (isinstance(node, ast.Constant) and node.value in set(Role.values)))


def _written_out(node: ast.AST) -> bool:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return len(node.elts) >= 2 and all(map(_is_role, node.elts))
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        return name in ("check_roles", "require_roles") and sum(map(_is_role, node.args)) >= 2
    return False


def role_lists(tree: ast.AST) -> list[int]:
    """Lines with a tuple, list or set of two or more roles, or a role check given two or more roles by hand."""
    return [node.lineno for node in ast.walk(tree) if _written_out(node)]


def test_no_page_api_or_action_writes_out_a_list_of_roles():
    found = {}
    for path in SRC.rglob("*.py"):
        name = path.relative_to(SRC).as_posix()
        if "/migrations/" in f"/{name}" or name in ALLOWED:
            continue
        if lines := role_lists(ast.parse(path.read_text())):
            found[name] = lines
    assert found == {}, "build these from the named groups in divert.core.roles"


def test_the_check_finds_a_written_out_list():
    assert role_lists(ast.parse("X = (Role.CICPO, Role.ADMINISTRATOR)\ncheck_roles(u, 'cicpo', 'analyst')")) == [1, 2]
    assert role_lists(ast.parse("X = CICPO_TEAM | ANALYSTS")) == []


def test_teams_include_the_administrator_and_prosecutors_stand_alone():
    assert Role.ADMINISTRATOR in CICPO_TEAM and ADMINISTRATORS <= SAFEGUARDING_PARTNERS
    assert set(PROSECUTORS) == {Role.PROSECUTOR} and set(EVERY_ROLE) == set(Role)
    assert set(IMPORT_ROLES) == {Role.ANALYST, Role.ADMINISTRATOR}
    assert set(ALL_CHILDREN_ROLES) == set(Role) - {Role.PROVIDER_MANAGER, Role.PROSECUTOR, Role.LEAVING_CARE}
