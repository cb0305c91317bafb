"""Users: pros (the default) and staff."""

import factory
from django.utils import timezone

from passculture.accounts.models import User

PASSWORD = "Demo-passCulture-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    """A pro with a verified email and the demo password."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pro{n}@example.net")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    phone = "0612345678"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        unverified = factory.Trait(email_verified_at=None)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    """A member of the pass Culture team (``superuser=True``: an administrator)."""

    email = factory.Sequence(lambda n: f"staff{n}@passculture.app")
    is_staff = True

    class Params:
        superuser = factory.Trait(is_superuser=True)
