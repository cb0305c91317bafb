"""The API of the young people's mobile app, served at ``/native/v1/`` (see ``docs/adr/0004-api-layout.md``)."""
