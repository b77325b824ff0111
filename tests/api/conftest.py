import pytest


@pytest.fixture
def world(db):
    from tests.factories import make_world

    return make_world()


@pytest.fixture
def user_for(make_user, world):
    """A user of `role`; provider managers belong to provider A (homes a1 and a2) unless told otherwise."""
    from divert.core.roles import Role

    def _make(role, *, provider="a"):
        if role == Role.PROVIDER_MANAGER:
            prov = {"a": world.provider_a, "b": world.provider_b, None: None}[provider]
            return make_user(role, provider=prov)
        return make_user(role)

    return _make
