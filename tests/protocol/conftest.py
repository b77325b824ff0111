import pytest

from divert.core.roles import Role
from tests.factories import ProviderFactory


@pytest.fixture
def users(make_user):
    """One user per role that contributes to a case (the provider manager's provider is set per test)."""
    return {
        Role.CICPO: make_user(Role.CICPO),
        Role.SOCIAL_WORKER: make_user(Role.SOCIAL_WORKER),
        Role.YOUTH_JUSTICE: make_user(Role.YOUTH_JUSTICE),
        Role.PROSECUTOR: make_user(Role.PROSECUTOR),
        Role.ADMINISTRATOR: make_user(Role.ADMINISTRATOR),
        Role.PROVIDER_MANAGER: make_user(Role.PROVIDER_MANAGER, provider=ProviderFactory()),
        Role.ANALYST: make_user(Role.ANALYST),
    }
