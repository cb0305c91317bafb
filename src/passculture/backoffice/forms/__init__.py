"""The staff pages' forms, one module per area (offerers, offers, rules, parameters, beneficiaries, bookings…)."""
