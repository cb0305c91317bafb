"""The account area's forms, one module per page group: ``password``, ``profile``."""
