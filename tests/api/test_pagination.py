"""Every paginated API list: a bounded offset and a documented maximum page size, both refused with a 422."""

import pytest

from divert.api.pagination import MAX_LIMIT
from divert.core.actions import issue_api_token
from divert.core.roles import Role

LISTS = ["/api/v1/children", "/api/v1/homes", "/api/v1/imports"]


@pytest.fixture
def headers(make_user):
    _token, secret = issue_api_token(actor=None, user=make_user(Role.ANALYST), name="paging")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("offset", [2**63, 2**64, 10**40])
def test_offset_beyond_64_bits_is_a_422(client, headers, url, offset):
    response = client.get(f"{url}?offset={offset}", **headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]


@pytest.mark.parametrize("url", LISTS)
def test_page_size_above_the_maximum_is_a_422_naming_the_maximum(client, headers, url):
    response = client.get(f"{url}?limit={MAX_LIMIT + 1}", **headers)
    assert response.status_code == 422
    assert str(MAX_LIMIT) in response.json()["detail"][0]["msg"]
    assert client.get(f"{url}?limit={MAX_LIMIT}", **headers).status_code == 200


def test_imports_list_gives_the_total_count(client, headers):
    from divert.ingest.models import ImportRun

    for n in range(3):
        ImportRun.objects.create(kind="homes", file_name=f"h{n}.csv", file_hash=str(n), status="loaded")
    response = client.get("/api/v1/imports?limit=2", **headers)
    assert response["X-Total-Count"] == "3" and len(response.json()) == 2


def test_openapi_documents_the_maximum_page_size(client, headers):
    schema = client.get("/api/v1/openapi.json", **headers).json()
    for path in ("/api/v1/children", "/api/v1/homes", "/api/v1/imports"):
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert params["limit"]["schema"]["maximum"] == MAX_LIMIT


# Every other unbounded list: the same bounds, and X-Total-Count (all) with X-Limit / X-Offset (this page).
HEADER_LISTS = ["/api/v1/imports", "/api/v1/review-items", "/api/v1/missing/episodes", "/api/v1/missing/compliance",
                "/api/v1/missing/escalations", "/api/v1/protocol/cases", "/api/v1/follow-ups", "/api/v1/alerts"]


@pytest.fixture
def admin_headers(make_user):
    _token, secret = issue_api_token(actor=None, user=make_user(Role.ADMINISTRATOR), name="paging")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.parametrize("url", HEADER_LISTS)
def test_every_list_is_paged_with_a_total_count(client, admin_headers, url):
    assert client.get(f"{url}?offset={2**64}", **admin_headers).status_code == 422
    assert client.get(f"{url}?limit={MAX_LIMIT + 1}", **admin_headers).status_code == 422
    assert client.get(f"{url}?limit=0", **admin_headers).status_code == 422
    response = client.get(f"{url}?limit=7&offset=3", **admin_headers)
    assert response.status_code == 200, response.content
    assert response["X-Total-Count"] == "0" and (response["X-Limit"], response["X-Offset"]) == ("7", "3")


def test_review_queue_pages_and_counts(client, admin_headers):
    from divert.matching.models import ReviewItem

    from ..factories import ChildFactory

    child = ChildFactory()
    for n in range(5):
        ReviewItem.objects.create(subject_type="involvement", subject_id=n + 1, candidate_child=child, score=0.9)
    response = client.get("/api/v1/review-items?limit=2&offset=2", **admin_headers)
    assert response["X-Total-Count"] == "5"
    assert [i["subject_id"] for i in response.json()] == [3, 4]


def test_the_schema_declares_the_common_error_answers(client, admin_headers):
    schema = client.get("/api/v1/openapi.json", **admin_headers).json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"401", "403", "422"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
    assert {"404", "409"} <= set(schema["paths"]["/api/v1/links/undo"]["post"]["responses"])
