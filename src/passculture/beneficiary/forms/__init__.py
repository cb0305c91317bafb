"""The young people's forms, one module per area: catalogue, account, bookings."""
