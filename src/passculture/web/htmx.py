"""htmx helpers shared by the interface apps."""

from collections.abc import Iterable

from django import forms


def oob_fields(form: forms.Form, names: Iterable[str]) -> list[forms.BoundField]:
    """The bound fields ``names`` of ``form`` (those it has), marked to be swapped out of band (``hx-swap-oob``):
    rendered in an htmx response, each replaces the page's input of the same id, pre-filled with the form's initial
    value. Render them with ``{% for field in prefill %}{{ field }}{% endfor %}``.
    """
    fields = []
    for name in names:
        if name in form.fields:
            field = form[name]
            field.field.widget.attrs.update({"hx-swap-oob": "true", "id": field.auto_id})
            fields.append(field)
    return fields
