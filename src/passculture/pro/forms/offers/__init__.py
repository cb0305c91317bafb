"""The offer forms, one module per area of the wizard: ``type`` (step 1), ``details`` (step 2 and the edit
page), ``extra_fields`` (the conditional fields of a type of offer), ``stocks`` (step 3), ``filters`` (the list),
``fields`` (shared pieces). Import each form from its module."""
