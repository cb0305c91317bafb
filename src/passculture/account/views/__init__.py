"""The account pages of the whole site, one module per page group."""
