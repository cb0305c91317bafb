"""The young people's pages, one module per area: catalogue, account, bookings."""
