"""The finance reads, one module per area (docs/adr/0008: a room grown into a package): ``bank_accounts`` (bank
details, links of venues in force, the back-office queues), ``pricing`` (pricing points, the scale gauge, the
pricings of bookings, the rules)."""
