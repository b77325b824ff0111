"""The sign-in backend: Django's own, with the user's profile (role, agency) read in the same query."""

from django.contrib.auth.backends import ModelBackend


class ProfileBackend(ModelBackend):
    """Every page asks the user's role (`core.scoping.role_of`): reading the profile with the user saves one query
    on every request a signed-in person makes."""

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        model = get_user_model()
        try:
            user = model._default_manager.select_related("profile").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
