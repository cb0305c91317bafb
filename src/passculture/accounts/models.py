from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    @staticmethod
    def normalize_email_address(email: str) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email_address(username))

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email_address(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, email_verified_at=timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: pros (through their memberships), the pass Culture team (``is_staff``)."""

    email = models.EmailField("adresse email", max_length=254, unique=True)
    first_name = models.CharField("prénom", max_length=128)
    last_name = models.CharField("nom", max_length=128)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    is_staff = models.BooleanField("équipe pass Culture", default=False)
    is_active = models.BooleanField("actif", default=True)
    email_verified_at = models.DateTimeField("email vérifié le", null=True, blank=True)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_unique_ci")]

    def __str__(self) -> str:
        return self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None
