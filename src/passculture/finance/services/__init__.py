"""The finance services, one module per area (docs/adr/0008: a room grown into a package).

- ``bank_accounts``: the embedded application, its review, the status history, the links of venues to accounts;
- ``dms``: Démarches simplifiées dossiers (the webhook's sync, the backup poll, attaching an orphan dossier);
- ``pricing_points``: which SIRET venue's scale a venue's revenue counts in;
- ``events``: the finance events of used (and un-used, cancelled after use) bookings, told by ``bookings``;
- ``pricing``: the set-based pricing on the scale (``price_events``), run by the ``price_bookings`` job;
- ``pricing_rules``: the rules of the scale as dated data, edited by staff.
"""
