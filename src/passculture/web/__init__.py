"""The interface kit: small helpers every interface app (pro, beneficiary, account, backoffice, api) shares.

Only interface apps import it; domain apps never do. Modules: ``redirects`` (``safe_next``), ``client``
(``client_ip``, proxy-aware), ``services`` (a service's ``DomainError`` onto a form or a message), ``htmx``
(out-of-band pre-filled fields), ``labels`` (``venue_label``) and the ``web`` template tags (``status_badge``).
"""
