from divert.core import child_links


def test_exploitation_url_is_empty_until_registered(monkeypatch):
    monkeypatch.setattr(child_links, "_exploitation", [])
    assert child_links.exploitation_url(7) == ""
    child_links.register(exploitation=lambda pk: f"/x/{pk}/")
    assert child_links.exploitation_url(7) == "/x/7/"
