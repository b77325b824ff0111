from django.urls import reverse


def test_sign_in_page_renders(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_home_requires_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/sign-in/" in response.headers["Location"]
