"""Display labels shared by the interface apps."""


def venue_label(venue, several_offerers: bool, *, offerer_first: bool = True) -> str:
    """A venue in a select or a table: its name ("Offre numérique" for the virtual one), with its structure's name
    when the user belongs to several (before the venue's name, or after it with ``offerer_first=False``)."""
    label = "Offre numérique" if venue.is_virtual else venue.display_name
    if not several_offerers:
        return label
    return f"{venue.offerer.name} — {label}" if offerer_first else f"{label} — {venue.offerer.name}"
