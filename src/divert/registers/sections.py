"""Sections that apps above the registers add to the child page, registered in their `AppConfig.ready()`.

The registers cannot import the apps that build on them; those apps name their section's template here, and the
child page includes each one, in registration order (the order of INSTALLED_APPS).
"""

CHILD_PAGE_SECTIONS: list[str] = []


def add_child_page_section(template_name: str) -> None:
    """Show `template_name` on every child page (rendered with the page's context). Idempotent."""
    if template_name not in CHILD_PAGE_SECTIONS:
        CHILD_PAGE_SECTIONS.append(template_name)
