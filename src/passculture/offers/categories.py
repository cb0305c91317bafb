"""Offer types: categories → subcategories, one versioned module of reference data (docs/domain/offers.md#types).

Pure module: no ORM, no settings. Models store the subcategory *id* (``Offer.subcategory_id``); everything else
is read from here, so changing a flag is a code change reviewed with its test (``tests/offers/test_categories``)
and announced by bumping ``CATALOGUE_VERSION``.

Subcategory ids are the public ids of the real pass Culture (``SEANCE_CINE``, ``LIVRE_PAPIER``, ``CONCERT``…);
labels are ours. The flags follow these rules, checked for every subcategory by the coherence test:

- an **event** is dated, never expires (``can_expire`` is for goods to collect within 30 days) and counts only
  toward the total credit (``cap = NONE``);
- a **thing** that can be physical counts toward the physical cap; its digital form (``cap_for(is_digital=True)``)
  and an online-only thing count toward the digital cap;
- **Duo** is only for offline events (cinema, concerts, festivals, shows, visits, conferences, workshops);
- an online-only subcategory is never duo and never expires;
- reimbursement (docs/domain/finance.md): most digital offers ``NOT_REIMBURSED``, but digital books (``BOOK``) and the
  remote sales of tickets and passes of real venues (``*_VENTE_DISTANCE``), which stay ``STANDARD``;
- a ``BOOK`` subcategory requires an EAN (ISBN).
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from passculture.core.errors import DomainError

CATALOGUE_VERSION = "2026-11"


class _LabelledEnum(StrEnum):
    """A string enum whose members carry a French label: ``MEMBER = "VALUE", "Libellé"``."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class OnlineOffline(_LabelledEnum):
    ONLINE = "ONLINE", "En ligne"
    OFFLINE = "OFFLINE", "Sur place"
    ONLINE_OR_OFFLINE = "ONLINE_OR_OFFLINE", "En ligne ou sur place"


class ReimbursementFamily(_LabelledEnum):
    STANDARD = "STANDARD", "Barème standard"
    BOOK = "BOOK", "Barème livre"
    NOT_REIMBURSED = "NOT_REIMBURSED", "Non remboursé"


class Cap(_LabelledEnum):
    """Which cap of the deposit a booking counts toward (docs/domain/beneficiaries.md#caps); all count in the total."""

    PHYSICAL = "PHYSICAL", "Plafond des biens physiques"
    DIGITAL = "DIGITAL", "Plafond des offres numériques"
    NONE = "NONE", "Crédit total uniquement"


class ExtraField(_LabelledEnum):
    """Conditional fields of an offer; ``field_name`` is the snake_case name forms and models use."""

    EAN = "EAN", "EAN-13 (ISBN pour les livres)"
    AUTHOR = "AUTHOR", "Auteur"
    PERFORMER = "PERFORMER", "Interprète"
    STAGE_DIRECTOR = "STAGE_DIRECTOR", "Metteur en scène"
    SPEAKER = "SPEAKER", "Intervenant"
    VISA = "VISA", "Visa d’exploitation"
    SHOW_TYPE = "SHOW_TYPE", "Type de spectacle"
    SHOW_SUB_TYPE = "SHOW_SUB_TYPE", "Sous-type de spectacle"
    MUSIC_TYPE = "MUSIC_TYPE", "Genre musical"
    MUSIC_SUB_TYPE = "MUSIC_SUB_TYPE", "Sous-genre musical"
    DURATION = "DURATION", "Durée (en minutes)"

    @property
    def field_name(self) -> str:
        return self.value.lower()


class UnknownSubcategory(DomainError, KeyError):
    """Both a ``DomainError`` (code and French message for pages) and a ``KeyError`` (a failed lookup)."""

    code = "UNKNOWN_SUBCATEGORY"
    message = "Le type d’offre « {subcategory_id} » n’existe pas."


class UnknownCategory(DomainError, KeyError):
    code = "UNKNOWN_CATEGORY"
    message = "La catégorie d’offre « {category_id} » n’existe pas."


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Subcategory:
    id: str
    category_id: str
    label: str  # pro-facing (dropdown of the wizard)
    app_label: str  # young-facing (catalogue)
    is_event: bool
    online_offline: OnlineOffline
    can_be_duo: bool
    can_expire: bool  # bookings of its physical form expire when not collected (docs/domain/bookings.md#expiry)
    cap: Cap  # cap of its physical form for ONLINE_OR_OFFLINE things; see cap_for()
    reimbursement_family: ReimbursementFamily
    required_fields: frozenset[ExtraField] = frozenset()
    optional_fields: frozenset[ExtraField] = frozenset()
    is_selectable: bool = True  # False: staff-only
    keywords: tuple[str, ...] = ()

    @property
    def is_thing(self) -> bool:
        return not self.is_event

    @property
    def is_online_only(self) -> bool:
        return self.online_offline == OnlineOffline.ONLINE

    @property
    def is_offline_only(self) -> bool:
        return self.online_offline == OnlineOffline.OFFLINE

    @property
    def can_be_online(self) -> bool:
        return self.online_offline != OnlineOffline.OFFLINE

    @property
    def can_be_offline(self) -> bool:
        return self.online_offline != OnlineOffline.ONLINE

    @property
    def is_digital_thing(self) -> bool:
        return self.is_thing and self.is_online_only

    @property
    def is_physical_thing(self) -> bool:
        return self.is_thing and self.can_be_offline

    @property
    def is_reimbursed(self) -> bool:
        return self.reimbursement_family != ReimbursementFamily.NOT_REIMBURSED

    @property
    def is_book(self) -> bool:
        return self.reimbursement_family == ReimbursementFamily.BOOK

    @property
    def fields(self) -> frozenset[ExtraField]:
        return self.required_fields | self.optional_fields

    @property
    def category(self) -> Category:
        return get_category(self.category_id)

    def cap_for(self, *, is_digital: bool) -> Cap:
        """The cap an offer of this subcategory counts toward, given whether the offer itself is digital."""
        if self.is_event:
            return Cap.NONE
        return Cap.DIGITAL if is_digital else Cap.PHYSICAL

    def expires(self, *, is_digital: bool) -> bool:
        """Whether a booking must be collected within the withdrawal delay (only physical things)."""
        return self.can_expire and not is_digital


# --- Data -------------------------------------------------------------------------------------------------------

CATEGORIES: tuple[Category, ...] = (
    Category("CINEMA", "Cinéma"),
    Category("MUSIQUE_LIVE", "Musique live (concerts, festivals)"),
    Category("SPECTACLE", "Spectacle vivant"),
    Category("MUSEE", "Musée, patrimoine, architecture, arts visuels"),
    Category("CONFERENCE", "Conférences, rencontres"),
    Category("PRATIQUE_ART", "Pratique artistique"),
    Category("LIVRE", "Livre"),
    Category("MUSIQUE_ENREGISTREE", "Musique enregistrée"),
    Category("FILM", "Films, vidéos"),
    Category("MEDIA", "Médias, presse"),
    Category("JEU", "Jeux"),
    Category("INSTRUMENT", "Instruments de musique"),
    Category("BEAUX_ARTS", "Beaux-arts"),
    Category("TECHNIQUE", "Technique"),
)

_E = ExtraField
_OFF, _ON, _BOTH = OnlineOffline.OFFLINE, OnlineOffline.ONLINE, OnlineOffline.ONLINE_OR_OFFLINE
_STANDARD, _BOOK, _NOT_REIMBURSED = (
    ReimbursementFamily.STANDARD,
    ReimbursementFamily.BOOK,
    ReimbursementFamily.NOT_REIMBURSED,
)
_SHOW = (_E.SHOW_SUB_TYPE, _E.STAGE_DIRECTOR, _E.PERFORMER, _E.DURATION)
_MUSIC = (_E.MUSIC_SUB_TYPE, _E.PERFORMER, _E.DURATION)


def _event(
    id: str,
    category_id: str,
    label: str,
    app_label: str,
    *,
    where: OnlineOffline = _OFF,
    duo: bool,
    family: ReimbursementFamily = _STANDARD,
    required: Iterable[ExtraField] = (),
    optional: Iterable[ExtraField] = (),
    selectable: bool = True,
    keywords: tuple[str, ...] = (),
) -> Subcategory:
    return Subcategory(
        id,
        category_id,
        label,
        app_label,
        is_event=True,
        online_offline=where,
        can_be_duo=duo,
        can_expire=False,
        cap=Cap.NONE,
        reimbursement_family=family,
        required_fields=frozenset(required),
        optional_fields=frozenset(optional),
        is_selectable=selectable,
        keywords=keywords,
    )


def _thing(
    id: str,
    category_id: str,
    label: str,
    app_label: str,
    *,
    where: OnlineOffline,
    expires: bool,
    cap: Cap,
    family: ReimbursementFamily = _STANDARD,
    required: Iterable[ExtraField] = (),
    optional: Iterable[ExtraField] = (),
    selectable: bool = True,
    keywords: tuple[str, ...] = (),
) -> Subcategory:
    return Subcategory(
        id,
        category_id,
        label,
        app_label,
        is_event=False,
        online_offline=where,
        can_be_duo=False,
        can_expire=expires,
        cap=cap,
        reimbursement_family=family,
        required_fields=frozenset(required),
        optional_fields=frozenset(optional),
        is_selectable=selectable,
        keywords=keywords,
    )


_PHYSICAL = {"where": _OFF, "expires": True, "cap": Cap.PHYSICAL}
_PHYSICAL_OR_DIGITAL = {"where": _BOTH, "expires": True, "cap": Cap.PHYSICAL}
_DIGITAL = {"where": _ON, "expires": False, "cap": Cap.DIGITAL, "family": _NOT_REIMBURSED}
_REMOTE_SALE = {"where": _ON, "expires": False, "cap": Cap.DIGITAL, "family": _STANDARD}

# fmt: off
SUBCATEGORIES: tuple[Subcategory, ...] = (
    # Cinéma
    _event("SEANCE_CINE", "CINEMA", "Séance de cinéma", "Film à l’affiche", duo=True,
           optional=(_E.VISA, _E.STAGE_DIRECTOR, _E.PERFORMER, _E.DURATION), keywords=("film", "séance", "ciné")),
    _event("EVENEMENT_CINE", "CINEMA", "Événement cinéma (avant-première, ciné-débat…)", "Événement cinéma",
           duo=True, optional=(_E.VISA, _E.SPEAKER, _E.DURATION), keywords=("avant-première", "ciné-débat")),
    _event("FESTIVAL_CINE", "CINEMA", "Festival de cinéma", "Festival de cinéma", duo=True,
           keywords=("festival", "film")),
    _event("CINE_PLEIN_AIR", "CINEMA", "Cinéma en plein air", "Cinéma en plein air", duo=True,
           optional=(_E.VISA, _E.DURATION), keywords=("plein air", "film")),
    _thing("CARTE_CINE_ILLIMITE", "CINEMA", "Cinéma - abonnement, carte illimitée", "Carte cinéma illimitée",
           **_PHYSICAL, keywords=("abonnement", "carte", "illimité")),
    _thing("CARTE_CINE_MULTISEANCES", "CINEMA", "Cinéma - carte multiséances", "Carte cinéma multiséances",
           **_PHYSICAL, keywords=("carte", "séances")),
    _thing("CINE_VENTE_DISTANCE", "CINEMA", "Cinéma - vente à distance", "Place de cinéma",
           **_REMOTE_SALE, keywords=("billet", "film")),
    # Musique live
    _event("CONCERT", "MUSIQUE_LIVE", "Concert", "Concert", duo=True, required=(_E.MUSIC_TYPE,), optional=_MUSIC,
           keywords=("concert", "live", "musique")),
    _event("FESTIVAL_MUSIQUE", "MUSIQUE_LIVE", "Festival de musique", "Festival de musique", duo=True,
           required=(_E.MUSIC_TYPE,), optional=_MUSIC, keywords=("festival", "concert", "musique")),
    _event("EVENEMENT_MUSIQUE", "MUSIQUE_LIVE", "Autre représentation musicale", "Événement musical", duo=True,
           required=(_E.MUSIC_TYPE,), optional=_MUSIC, keywords=("musique", "récital")),
    _event("LIVESTREAM_MUSIQUE", "MUSIQUE_LIVE", "Livestream musical", "Concert en direct en ligne", where=_ON,
           duo=False, family=_NOT_REIMBURSED, required=(_E.MUSIC_TYPE,), optional=_MUSIC,
           keywords=("livestream", "direct", "concert")),
    _thing("ABO_CONCERT", "MUSIQUE_LIVE", "Abonnement concerts", "Abonnement concerts", **_PHYSICAL,
           optional=(_E.MUSIC_TYPE, _E.MUSIC_SUB_TYPE), keywords=("abonnement", "concert")),
    # Spectacle vivant
    _event("SPECTACLE_REPRESENTATION", "SPECTACLE", "Spectacle, représentation", "Spectacle", duo=True,
           required=(_E.SHOW_TYPE,), optional=_SHOW, keywords=("théâtre", "danse", "cirque", "spectacle")),
    _event("FESTIVAL_SPECTACLE", "SPECTACLE", "Festival de spectacle vivant", "Festival de spectacle", duo=True,
           required=(_E.SHOW_TYPE,), optional=_SHOW, keywords=("festival", "spectacle")),
    _event("LIVESTREAM_EVENEMENT", "SPECTACLE", "Livestream d’événement", "Spectacle en direct en ligne",
           where=_ON, duo=False, family=_NOT_REIMBURSED, optional=(_E.SHOW_TYPE, *_SHOW),
           keywords=("livestream", "direct")),
    _thing("SPECTACLE_ENREGISTRE", "SPECTACLE", "Spectacle enregistré", "Spectacle à voir en ligne", **_DIGITAL,
           optional=(_E.SHOW_TYPE, *_SHOW), keywords=("captation", "replay")),
    _thing("ABO_SPECTACLE", "SPECTACLE", "Abonnement spectacles", "Abonnement spectacles", **_PHYSICAL,
           optional=(_E.SHOW_TYPE, _E.SHOW_SUB_TYPE), keywords=("abonnement", "théâtre", "spectacle")),
    _thing("SPECTACLE_VENTE_DISTANCE", "SPECTACLE", "Spectacle vivant - vente à distance", "Place de spectacle",
           **_REMOTE_SALE, optional=(_E.SHOW_TYPE, _E.SHOW_SUB_TYPE), keywords=("billet", "spectacle")),
    # Musée, patrimoine
    _event("VISITE", "MUSEE", "Visite", "Visite", duo=True, keywords=("musée", "exposition", "monument")),
    _event("VISITE_GUIDEE", "MUSEE", "Visite guidée", "Visite guidée", duo=True, optional=(_E.SPEAKER,),
           keywords=("visite", "guide", "musée")),
    _event("EVENEMENT_PATRIMOINE", "MUSEE", "Événement et atelier patrimoine", "Événement patrimoine", duo=True,
           keywords=("patrimoine", "monument", "architecture")),
    _thing("VISITE_VIRTUELLE", "MUSEE", "Visite virtuelle", "Visite virtuelle", **_DIGITAL,
           keywords=("visite", "virtuelle", "musée")),
    _thing("CARTE_MUSEE", "MUSEE", "Abonnement musée, carte ou pass", "Carte ou pass musée", **_PHYSICAL_OR_DIGITAL,
           keywords=("musée", "carte", "pass", "abonnement")),
    _thing("MUSEE_VENTE_DISTANCE", "MUSEE", "Musée - vente à distance", "Billet de musée", **_REMOTE_SALE,
           keywords=("billet", "musée", "exposition")),
    # Conférences, rencontres
    _event("CONFERENCE", "CONFERENCE", "Conférence", "Conférence", duo=True, optional=(_E.SPEAKER,),
           keywords=("conférence", "débat")),
    _event("RENCONTRE", "CONFERENCE", "Rencontre (dédicace, débat…)", "Rencontre", duo=True,
           optional=(_E.SPEAKER, _E.AUTHOR), keywords=("rencontre", "dédicace", "auteur")),
    _event("RENCONTRE_EN_LIGNE", "CONFERENCE", "Rencontre en ligne", "Rencontre en ligne", where=_ON, duo=False,
           family=_NOT_REIMBURSED, optional=(_E.SPEAKER, _E.AUTHOR), keywords=("rencontre", "visio")),
    _event("SALON", "CONFERENCE", "Salon, convention", "Salon", duo=True, keywords=("salon", "convention")),
    _event("FESTIVAL_LIVRE", "CONFERENCE", "Festival et salon du livre", "Festival du livre", duo=True,
           optional=(_E.AUTHOR, _E.SPEAKER), keywords=("livre", "festival", "salon")),
    # Pratique artistique
    _event("ATELIER_PRATIQUE_ART", "PRATIQUE_ART", "Atelier, stage de pratique artistique", "Atelier artistique",
           duo=True, optional=(_E.SPEAKER,), keywords=("atelier", "stage", "cours")),
    _event("SEANCE_ESSAI_PRATIQUE_ART", "PRATIQUE_ART", "Séance d’essai", "Cours d’essai", duo=True,
           optional=(_E.SPEAKER,), keywords=("essai", "cours")),
    _event("LIVESTREAM_PRATIQUE_ARTISTIQUE", "PRATIQUE_ART", "Pratique artistique - livestream",
           "Cours en direct en ligne", where=_ON, duo=False, family=_NOT_REIMBURSED, optional=(_E.SPEAKER,),
           keywords=("cours", "livestream")),
    _thing("ABO_PRATIQUE_ART", "PRATIQUE_ART", "Abonnement pratique artistique", "Abonnement à des cours",
           **_PHYSICAL_OR_DIGITAL, keywords=("abonnement", "cours")),
    _thing("PRATIQUE_ART_VENTE_DISTANCE", "PRATIQUE_ART", "Pratique artistique - vente à distance",
           "Cours de pratique artistique", **_REMOTE_SALE, keywords=("cours", "atelier")),
    # Livre
    _thing("LIVRE_PAPIER", "LIVRE", "Livre papier", "Livre", **_PHYSICAL, family=_BOOK, required=(_E.EAN,),
           optional=(_E.AUTHOR,), keywords=("livre", "roman", "bd", "manga", "isbn")),
    _thing("LIVRE_NUMERIQUE", "LIVRE", "Livre numérique, e-book", "Livre numérique", where=_ON, expires=False,
           cap=Cap.DIGITAL, family=_BOOK, required=(_E.EAN,), optional=(_E.AUTHOR,),
           keywords=("ebook", "e-book", "livre", "numérique")),
    _thing("LIVRE_AUDIO_PHYSIQUE", "LIVRE", "Livre audio sur support physique", "Livre audio", **_PHYSICAL,
           family=_BOOK, required=(_E.EAN,), optional=(_E.AUTHOR, _E.PERFORMER), keywords=("livre audio", "cd")),
    _thing("TELECHARGEMENT_LIVRE_AUDIO", "LIVRE", "Livre audio à télécharger", "Livre audio numérique", where=_ON,
           expires=False, cap=Cap.DIGITAL, family=_BOOK, required=(_E.EAN,), optional=(_E.AUTHOR, _E.PERFORMER),
           keywords=("livre audio", "téléchargement")),
    _thing("ABO_LIVRE_NUMERIQUE", "LIVRE", "Abonnement livres numériques", "Abonnement livres numériques",
           **_DIGITAL, keywords=("abonnement", "ebook", "livre")),
    # Musique enregistrée
    _thing("SUPPORT_PHYSIQUE_MUSIQUE_CD", "MUSIQUE_ENREGISTREE", "CD", "CD", **_PHYSICAL, required=(_E.EAN,),
           optional=(_E.MUSIC_TYPE, _E.MUSIC_SUB_TYPE, _E.PERFORMER), keywords=("cd", "album", "disque")),
    _thing("SUPPORT_PHYSIQUE_MUSIQUE_VINYLE", "MUSIQUE_ENREGISTREE", "Vinyle et autres supports", "Vinyle",
           **_PHYSICAL, required=(_E.EAN,), optional=(_E.MUSIC_TYPE, _E.MUSIC_SUB_TYPE, _E.PERFORMER),
           keywords=("vinyle", "album", "disque")),
    _thing("TELECHARGEMENT_MUSIQUE", "MUSIQUE_ENREGISTREE", "Téléchargement de musique", "Musique à télécharger",
           **_DIGITAL, optional=(_E.MUSIC_TYPE, _E.MUSIC_SUB_TYPE, _E.PERFORMER), keywords=("album", "mp3")),
    _thing("ABO_PLATEFORME_MUSIQUE", "MUSIQUE_ENREGISTREE", "Abonnement à une plateforme musicale",
           "Abonnement musique en streaming", **_DIGITAL, keywords=("streaming", "abonnement", "musique")),
    _thing("CAPTATION_MUSIQUE", "MUSIQUE_ENREGISTREE", "Captation musicale", "Concert enregistré", **_DIGITAL,
           optional=(_E.MUSIC_TYPE, _E.MUSIC_SUB_TYPE, _E.PERFORMER), keywords=("captation", "concert")),
    # Films, vidéos
    _thing("SUPPORT_PHYSIQUE_FILM", "FILM", "Support physique (DVD, Blu-ray…)", "DVD, Blu-ray", **_PHYSICAL,
           optional=(_E.EAN, _E.VISA, _E.STAGE_DIRECTOR), keywords=("dvd", "blu-ray", "film")),
    _thing("VOD", "FILM", "Vidéo à la demande", "Film à la demande", **_DIGITAL,
           optional=(_E.VISA, _E.STAGE_DIRECTOR, _E.DURATION), keywords=("vod", "film", "streaming")),
    _thing("ABO_PLATEFORME_VIDEO", "FILM", "Abonnement à une plateforme vidéo", "Abonnement vidéo en streaming",
           **_DIGITAL, keywords=("streaming", "abonnement", "série")),
    _thing("AUTRE_SUPPORT_NUMERIQUE", "FILM", "Autre support numérique", "Vidéo en ligne", **_DIGITAL,
           keywords=("vidéo",)),
    # Médias, presse
    _thing("ABO_PRESSE_EN_LIGNE", "MEDIA", "Abonnement presse en ligne", "Abonnement presse", **_DIGITAL,
           keywords=("presse", "journal", "magazine")),
    _thing("APP_CULTURELLE", "MEDIA", "Application culturelle", "Application culturelle", **_DIGITAL,
           keywords=("application", "appli")),
    _thing("PODCAST", "MEDIA", "Podcast", "Podcast", **_DIGITAL, keywords=("podcast", "audio")),
    # Jeux
    _thing("JEU_SUPPORT_PHYSIQUE", "JEU", "Jeu vidéo sur support physique", "Jeu vidéo", **_PHYSICAL,
           optional=(_E.EAN,), keywords=("jeu vidéo", "console")),
    _thing("ABO_JEU_VIDEO", "JEU", "Abonnement jeu vidéo", "Abonnement jeu vidéo", **_DIGITAL,
           keywords=("jeu vidéo", "abonnement")),
    _thing("ABO_LUDOTHEQUE", "JEU", "Abonnement ludothèque", "Abonnement ludothèque", **_PHYSICAL,
           keywords=("ludothèque", "jeu de société")),
    _thing("JEU_EN_LIGNE", "JEU", "Jeu en ligne", "Jeu en ligne", **_DIGITAL, keywords=("jeu", "en ligne")),
    _event("EVENEMENT_JEU", "JEU", "Événement jeu (tournoi, soirée jeux…)", "Soirée jeux", duo=False,
           keywords=("tournoi", "jeu de société")),
    _event("JEU_CONCOURS", "JEU", "Concours, jeu-concours", "Jeu-concours", duo=False, selectable=False),
    # Instruments de musique
    _thing("ACHAT_INSTRUMENT", "INSTRUMENT", "Achat d’instrument", "Instrument de musique", **_PHYSICAL,
           optional=(_E.EAN,), keywords=("instrument", "guitare", "piano")),
    _thing("LOCATION_INSTRUMENT", "INSTRUMENT", "Location d’instrument", "Location d’instrument", **_PHYSICAL,
           keywords=("instrument", "location")),
    _thing("PARTITION", "INSTRUMENT", "Partition", "Partition", **_PHYSICAL_OR_DIGITAL,
           optional=(_E.EAN, _E.AUTHOR), keywords=("partition", "solfège")),
    _thing("BON_ACHAT_INSTRUMENT", "INSTRUMENT", "Bon d’achat instrument", "Bon d’achat instrument", **_PHYSICAL,
           selectable=False),
    # Beaux-arts
    _thing("MATERIEL_ART_CREATIF", "BEAUX_ARTS", "Matériel arts créatifs", "Matériel beaux-arts", **_PHYSICAL,
           optional=(_E.EAN,), keywords=("peinture", "dessin", "pinceaux", "toile")),
    # Technique (staff only)
    _event("ACTIVATION_EVENT", "TECHNIQUE", "Événement d’activation", "Événement d’activation", duo=False,
           selectable=False),
    _thing("ACTIVATION_THING", "TECHNIQUE", "Offre d’activation", "Offre d’activation", **_PHYSICAL,
           selectable=False),
)
# fmt: on


# --- Show and music types (values of the SHOW_TYPE / MUSIC_TYPE conditional fields) -----------------------------


@dataclass(frozen=True, slots=True)
class TypeOption:
    """A show or music type; sub-type codes are globally unique (prefixed with the type code)."""

    code: str
    label: str
    sub_types: tuple[tuple[str, str], ...]


def _type(code: str, label: str, *subs: tuple[str, str]) -> TypeOption:
    return TypeOption(
        code, label, (*((f"{code}_{sub}", sub_label) for sub, sub_label in subs), (f"{code}_AUTRE", "Autre"))
    )


# fmt: off
SHOW_TYPES: tuple[TypeOption, ...] = (
    _type("ARTS_RUE", "Arts de la rue", ("CARNAVAL", "Carnaval"), ("FANFARE", "Fanfare"), ("PARADE", "Parade"),
          ("THEATRE", "Théâtre de rue")),
    _type("CIRQUE", "Cirque", ("CONTEMPORAIN", "Cirque contemporain"), ("TRADITIONNEL", "Cirque traditionnel"),
          ("CLOWN", "Clown"), ("MAGIE", "Magie")),
    _type("DANSE", "Danse", ("BALLET", "Ballet"), ("CONTEMPORAINE", "Danse contemporaine"), ("HIP_HOP", "Hip-hop"),
          ("TRADITIONNELLE", "Danses traditionnelles")),
    _type("HUMOUR", "Humour, café-théâtre", ("STAND_UP", "Stand-up"), ("SEUL_EN_SCENE", "Seul en scène"),
          ("IMPROVISATION", "Improvisation")),
    _type("MARIONNETTES", "Marionnettes", ("THEATRE_OBJET", "Théâtre d’objets"), ("OMBRES", "Théâtre d’ombres")),
    _type("OPERA", "Opéra, art lyrique", ("OPERA", "Opéra"), ("OPERETTE", "Opérette")),
    _type("MUSICAL", "Spectacle musical", ("COMEDIE_MUSICALE", "Comédie musicale"), ("CABARET", "Cabaret"),
          ("MUSIC_HALL", "Music-hall")),
    _type("THEATRE", "Théâtre", ("CLASSIQUE", "Théâtre classique"), ("CONTEMPORAIN", "Théâtre contemporain"),
          ("BOULEVARD", "Boulevard"), ("JEUNE_PUBLIC", "Jeune public"), ("LECTURE", "Lecture")),
    _type("AUTRE", "Autre"),
)

MUSIC_TYPES: tuple[TypeOption, ...] = (
    _type("CLASSIQUE", "Musique classique", ("BAROQUE", "Baroque"), ("SYMPHONIQUE", "Symphonique"),
          ("CHAMBRE", "Musique de chambre"), ("CONTEMPORAINE", "Contemporaine")),
    _type("JAZZ_BLUES", "Jazz, blues", ("JAZZ", "Jazz"), ("BLUES", "Blues"), ("SOUL", "Soul")),
    _type("ROCK", "Rock", ("ROCK", "Rock"), ("METAL", "Metal"), ("PUNK", "Punk"), ("INDE", "Indé")),
    _type("POP", "Pop", ("POP", "Pop"), ("ELECTRO_POP", "Électro-pop")),
    _type("CHANSON", "Chanson française", ("CHANSON", "Chanson"), ("VARIETE", "Variété")),
    _type("ELECTRO", "Musique électronique", ("HOUSE", "House"), ("TECHNO", "Techno"), ("AMBIENT", "Ambient")),
    _type("HIP_HOP", "Hip-hop, rap", ("RAP", "Rap"), ("RNB", "R’n’B")),
    _type("REGGAE", "Reggae", ("REGGAE", "Reggae"), ("DUB", "Dub")),
    _type("MONDE", "Musiques du monde", ("AFRIQUE", "Afrique"), ("AMERIQUE_LATINE", "Amérique latine"),
          ("TRADITIONNELLE", "Musiques traditionnelles")),
    _type("AUTRE", "Autre"),
)
# fmt: on


# --- Lookups ----------------------------------------------------------------------------------------------------

CATEGORIES_BY_ID: MappingProxyType[str, Category] = MappingProxyType({c.id: c for c in CATEGORIES})
SUBCATEGORIES_BY_ID: MappingProxyType[str, Subcategory] = MappingProxyType({s.id: s for s in SUBCATEGORIES})
_SHOW_TYPES_BY_CODE = {t.code: t for t in SHOW_TYPES}
_MUSIC_TYPES_BY_CODE = {t.code: t for t in MUSIC_TYPES}


def _sort_key(label: str) -> str:
    """Accent- and case-insensitive alphabetical order, as a French reader expects."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def get_category(category_id: str) -> Category:
    try:
        return CATEGORIES_BY_ID[category_id]
    except KeyError:
        raise UnknownCategory(category_id=category_id) from None


def get_subcategory(subcategory_id: str) -> Subcategory:
    """The subcategory with this id; ``UnknownSubcategory`` (a ``KeyError`` and a ``DomainError``) otherwise."""
    try:
        return SUBCATEGORIES_BY_ID[subcategory_id]
    except KeyError:
        raise UnknownSubcategory(subcategory_id=subcategory_id) from None


def subcategories_of(category_id: str, *, for_pro: bool = True) -> tuple[Subcategory, ...]:
    """Subcategories of a category; ``for_pro`` keeps only those pros may select (staff see all)."""
    get_category(category_id)
    return tuple(s for s in SUBCATEGORIES if s.category_id == category_id and (s.is_selectable or not for_pro))


def selectable_categories() -> tuple[Category, ...]:
    """Categories holding at least one subcategory pros may select."""
    return tuple(c for c in CATEGORIES if subcategories_of(c.id, for_pro=True))


def category_choices(*, for_pro: bool = True) -> list[tuple[str, str]]:
    """(value, label) pairs for a category dropdown, sorted by label."""
    categories = selectable_categories() if for_pro else CATEGORIES
    return sorted(((c.id, c.label) for c in categories), key=lambda choice: _sort_key(choice[1]))


def subcategory_choices(category_id: str | None = None, *, for_pro: bool = True) -> list[tuple[str, str]]:
    """(value, label) pairs for a subcategory dropdown (of one category, or all), sorted by label."""
    if category_id is None:
        subcategories = [s for s in SUBCATEGORIES if s.is_selectable or not for_pro]
    else:
        subcategories = subcategories_of(category_id, for_pro=for_pro)
    return sorted(((s.id, s.label) for s in subcategories), key=lambda choice: _sort_key(choice[1]))


def grouped_subcategory_choices(*, for_pro: bool = True) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped by category label (``<optgroup>``), both levels sorted by label."""
    return [
        (label, subcategory_choices(category_id, for_pro=for_pro))
        for category_id, label in category_choices(for_pro=for_pro)
    ]


def search_subcategories(text: str, *, for_pro: bool = False) -> tuple[Subcategory, ...]:
    """Subcategories whose labels or keywords contain ``text`` (accent- and case-insensitive)."""
    needle = _sort_key(text.strip())
    if not needle:
        return ()
    found = []
    for s in SUBCATEGORIES:
        if for_pro and not s.is_selectable:
            continue
        haystack = (s.label, s.app_label, *s.keywords)
        if any(needle in _sort_key(words) for words in haystack):
            found.append(s)
    return tuple(found)


def show_type_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in SHOW_TYPES]


def show_sub_type_choices(show_type: str) -> list[tuple[str, str]]:
    option = _SHOW_TYPES_BY_CODE.get(show_type)
    return list(option.sub_types) if option else []


def music_type_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in MUSIC_TYPES]


def music_sub_type_choices(music_type: str) -> list[tuple[str, str]]:
    option = _MUSIC_TYPES_BY_CODE.get(music_type)
    return list(option.sub_types) if option else []
