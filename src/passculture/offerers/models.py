from django.conf import settings
from django.db import models
from django.db.models import Q


class OffererStatus(models.TextChoices):
    NEW = "NEW", "Nouvelle"
    PENDING = "PENDING", "En attente"
    VALIDATED = "VALIDATED", "Validée"
    REJECTED = "REJECTED", "Rejetée"
    CLOSED = "CLOSED", "Fermée"


class Offerer(models.Model):
    """A structure (legal entity), identified by its SIREN."""

    siren = models.CharField("SIREN", max_length=9, unique=True)
    name = models.CharField("nom de la structure", max_length=140)
    declared_name = models.CharField("nom déclaré à l'inscription", max_length=140, blank=True)
    street = models.CharField("adresse", max_length=200, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("ville", max_length=100, blank=True)
    legal_category_code = models.CharField("catégorie juridique", max_length=4, blank=True)
    ape_code = models.CharField("code APE", max_length=6, blank=True)
    status = models.CharField("statut", max_length=10, choices=OffererStatus, default=OffererStatus.NEW)
    # Set when the Sirene register was unreachable at sign-up: staff must check the SIREN by hand.
    sirene_check_pending = models.BooleanField("vérification Sirene à faire", default=False)
    created_at = models.DateTimeField("demande reçue le", auto_now_add=True)
    status_changed_at = models.DateTimeField("statut modifié le", null=True, blank=True)

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [models.CheckConstraint(condition=Q(siren__regex=r"^\d{9}$"), name="offerer_siren_9_digits")]

    def __str__(self) -> str:
        return f"{self.name} ({self.siren})"

    @property
    def is_validated(self) -> bool:
        return self.status == OffererStatus.VALIDATED

    @property
    def awaiting_validation(self) -> bool:
        return self.status in {OffererStatus.NEW, OffererStatus.PENDING}


class OffererStatusChange(models.Model):
    offerer = models.ForeignKey(Offerer, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=OffererStatus, blank=True)
    to_status = models.CharField(max_length=10, choices=OffererStatus)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    comment = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "changement de statut"
        verbose_name_plural = "historique des statuts"

    def __str__(self) -> str:
        return f"{self.offerer_id}: {self.from_status} → {self.to_status}"


class MembershipStatus(models.TextChoices):
    PENDING = "PENDING", "En attente"
    VALIDATED = "VALIDATED", "Validé"
    REJECTED = "REJECTED", "Refusé"


class Membership(models.Model):
    """A user's attachment to a structure; only VALIDATED memberships give access."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    offerer = models.ForeignKey(Offerer, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=10, choices=MembershipStatus, default=MembershipStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        constraints = [models.UniqueConstraint(fields=["user", "offerer"], name="membership_unique_user_offerer")]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.offerer} ({self.status})"


class Invitation(models.Model):
    """A collaborator invited by email; attached when they sign up or log in with that address."""

    offerer = models.ForeignKey(Offerer, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        constraints = [models.UniqueConstraint(fields=["offerer", "email"], name="invitation_unique_offerer_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.offerer}"


class VenueType(models.TextChoices):
    BOOKSTORE = "BOOKSTORE", "Librairie"
    MOVIE = "MOVIE", "Cinéma - Salle de projections"
    MUSEUM = "MUSEUM", "Musée"
    PERFORMING_ARTS = "PERFORMING_ARTS", "Spectacle vivant"
    CONCERT_HALL = "CONCERT_HALL", "Musique - Salle de concerts"
    MUSIC_STORE = "MUSIC_STORE", "Musique - Magasin d'instruments"
    RECORD_STORE = "RECORD_STORE", "Musique - Disquaire"
    FESTIVAL = "FESTIVAL", "Festival"
    LIBRARY = "LIBRARY", "Bibliothèque ou médiathèque"
    HERITAGE = "HERITAGE", "Patrimoine et tourisme"
    ARTISTIC_COURSE = "ARTISTIC_COURSE", "Cours et pratique artistiques"
    SCIENTIFIC_CULTURE = "SCIENTIFIC_CULTURE", "Culture scientifique"
    GAMES = "GAMES", "Jeux / Jeux vidéos"
    CREATIVE_ARTS_STORE = "CREATIVE_ARTS_STORE", "Magasin arts créatifs"
    VISUAL_ARTS = "VISUAL_ARTS", "Arts visuels, arts plastiques et galeries"
    CULTURAL_CENTRE = "CULTURAL_CENTRE", "Centre culturel"
    DISTRIBUTION_STORE = "DISTRIBUTION_STORE", "Magasin de grande distribution"
    OTHER = "OTHER", "Autre"
    DIGITAL = "DIGITAL", "Offre numérique"


NO_SIRET_COMMENT_MAX_LENGTH = 1000


class Venue(models.Model):
    """A place where the structure welcomes its public (SIRET), or its single digital venue."""

    offerer = models.ForeignKey(Offerer, on_delete=models.PROTECT, related_name="venues")
    name = models.CharField("raison sociale du lieu", max_length=140)
    public_name = models.CharField("nom public", max_length=255, blank=True)
    is_virtual = models.BooleanField("lieu numérique", default=False)
    siret = models.CharField("SIRET", max_length=14, null=True, blank=True, unique=True)
    no_siret_comment = models.TextField(
        "commentaire (lieu sans SIRET)", max_length=NO_SIRET_COMMENT_MAX_LENGTH, blank=True
    )
    venue_type = models.CharField("type de lieu", max_length=24, choices=VenueType, default=VenueType.OTHER)
    street = models.CharField("adresse", max_length=200, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("ville", max_length=100, blank=True)
    department_code = models.CharField("département", max_length=3, blank=True)
    timezone = models.CharField("fuseau horaire", max_length=40, default="Europe/Paris")
    latitude = models.DecimalField("latitude", max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField("longitude", max_digits=8, decimal_places=5, null=True, blank=True)
    booking_email = models.EmailField("email de notification des réservations", blank=True)
    audio_disability_compliant = models.BooleanField(
        "accessible aux personnes sourdes ou malentendantes", default=False
    )
    mental_disability_compliant = models.BooleanField(
        "accessible aux personnes en situation de handicap psychique ou cognitif", default=False
    )
    motor_disability_compliant = models.BooleanField("accessible aux personnes à mobilité réduite", default=False)
    visual_disability_compliant = models.BooleanField("accessible aux personnes aveugles ou malvoyantes", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "lieu"
        verbose_name_plural = "lieux"
        ordering = ["is_virtual", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["offerer"], condition=Q(is_virtual=True), name="venue_one_digital_venue_per_offerer"
            ),
            models.CheckConstraint(
                condition=Q(is_virtual=True) | Q(siret__isnull=False) | ~Q(no_siret_comment=""),
                name="venue_physical_has_siret_or_comment",
            ),
            models.CheckConstraint(
                condition=Q(is_virtual=False) | Q(siret__isnull=True), name="venue_digital_has_no_siret"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.public_name or self.name

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in [self.street, f"{self.postal_code} {self.city}".strip()] if part)


class ApiKey(models.Model):
    """A structure's key for ticketing or bookstore software: ``<env>_<prefix>_<secret>``, shown once.

    Only the SHA-256 of the secret is stored (the secret is 256 random bits: a slow hash adds nothing and would
    cost every API call); the prefix identifies the key in lists and logs.
    """

    offerer = models.ForeignKey(Offerer, on_delete=models.CASCADE, related_name="api_keys")
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    label = models.CharField("nom", max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.offerer_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
