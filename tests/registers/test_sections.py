"""Child-page sections are registered explicitly by the apps that build them (no template probing)."""

from divert.registers import sections


def test_work_apps_register_their_child_page_sections_in_app_order():
    assert sections.CHILD_PAGE_SECTIONS == ["incidents/_child_section.html", "missing/_child_section.html",
                                            "protocol/_child_section.html", "exploitation/_child_section.html",
                                            "earlyhelp/_child_section.html"]


def test_adding_a_section_twice_shows_it_once(monkeypatch):
    monkeypatch.setattr(sections, "CHILD_PAGE_SECTIONS", [])
    sections.add_child_page_section("x/_child_section.html")
    sections.add_child_page_section("x/_child_section.html")
    assert sections.CHILD_PAGE_SECTIONS == ["x/_child_section.html"]
