"""Read pages the way their reader does: the visible text, an element, the options of a select, a field's errors.

Assertions on pages use these helpers rather than the raw markup, so that they neither depend on how an entity is
escaped (``&#x27;``, ``&nbsp;``) nor on the attributes and spacing of a tag. Built on the standard library's
``html.parser``: selectors are a small CSS subset, ``tag``, ``#id``, ``.class``, ``[attr]``, ``[attr=value]`` and
their combinations (``td.fr-badge``, ``select[name=venue]``), and the descendant combinator (``#bookings td``).
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
INVISIBLE = {"script", "style", "template", "head"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list["Element | str"] = field(default_factory=list)
    parent: "Element | None" = None

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def has(self, name: str) -> bool:
        """Whether a (possibly valueless) attribute is present: ``checked``, ``selected``, ``disabled``."""
        return name in self.attrs

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed (no script, style or hidden element)."""
        return _collapse("".join(self._texts()))

    def _texts(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag not in INVISIBLE and not child.has("hidden"):
                if child.tag in ("br", "p", "div", "li", "tr", "td", "th", "option", "h1", "h2", "h3", "h4"):
                    yield " "
                yield from child._texts()
                yield " "

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def select(self, selector: str) -> list["Element"]:
        """The descendants matching ``selector`` (compounds separated by spaces: descendants of descendants)."""
        found = [self]
        for compound in selector.split():
            match = _matcher(compound)
            seen, step = set(), []
            for scope in found:
                for element in scope.iter():
                    if id(element) not in seen and match(element):
                        seen.add(id(element))
                        step.append(element)
            found = step
        return found

    def select_one(self, selector: str) -> "Element":
        found = self.select(selector)
        assert len(found) == 1, f"{len(found)} elements match {selector!r}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # an unmatched end tag is ignored
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


_COMPOUND = re.compile(r"([a-zA-Z][\w-]*)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=[\"']?([^\]\"']*)[\"']?)?\]")


def _matcher(selector: str):
    parts = _COMPOUND.findall(selector.strip())
    if not parts or "".join(m.group(0) for m in _COMPOUND.finditer(selector.strip())) != selector.strip():
        raise ValueError(f"unsupported selector {selector!r}")

    def match(element: Element) -> bool:
        for tag, ident, cls, attr, value in parts:
            if tag and element.tag != tag.lower():
                return False
            if ident and element.get("id") != ident:
                return False
            if cls and cls not in element.classes:
                return False
            if attr and (not element.has(attr) or (value and element.get(attr) != value)):
                return False
        return True

    return match


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _markup(page) -> str:
    if isinstance(page, str):
        return page
    if isinstance(page, bytes):
        return page.decode()
    return page.content.decode()  # a response


def parse(page) -> Element:
    """The document of a response, of bytes or of a string of HTML."""
    builder = _TreeBuilder()
    builder.feed(_markup(page))
    builder.close()
    return builder.root


def unescaped(page) -> str:
    """The markup with its entities decoded (for the few assertions about markup itself)."""
    return html.unescape(_markup(page))


def visible_text(page, selector: str | None = None) -> str:
    """What a reader sees of the page, or of the elements ``selector`` matches (joined), whitespace collapsed and
    non-breaking spaces read as spaces."""
    document = parse(page)
    if selector is None:
        body = document.select("body")
        return body[0].text if body else document.text
    return _collapse(" ".join(element.text for element in document.select(selector)))


def texts(page, selector: str) -> list[str]:
    """The visible text of each element ``selector`` matches, in document order."""
    return [element.text for element in parse(page).select(selector)]


def element(page, selector: str) -> Element:
    """The only element ``selector`` matches (fails if there are none or several)."""
    return parse(page).select_one(selector)


def options(page, name: str) -> list[tuple[str, str]]:
    """The ``(value, label)`` of each option of the select called ``name``."""
    select = parse(page).select_one(f"select[name={name}]")
    return [(option.get("value") or "", option.text) for option in select.select("option")]


def selected_option(page, name: str) -> str | None:
    """The value of the selected option of the select called ``name`` (``None``: none is)."""
    select = parse(page).select_one(f"select[name={name}]")
    chosen = [option.get("value") or "" for option in select.select("option") if option.has("selected")]
    return chosen[0] if chosen else None


def field_errors(page, name: str, prefix: str = "id_") -> list[str]:
    """The errors shown under the field ``name`` (the DSFR's ``<id>-desc-error`` block; ``[]``: none)."""
    document = parse(page)
    blocks = document.select(f"#{prefix}{name}-desc-error")
    if not blocks:
        return []
    items = blocks[0].select("li")
    return [item.text for item in items] if items else [blocks[0].text]


def is_invalid(page, name: str) -> bool:
    """Whether the field called ``name`` is marked ``aria-invalid="true"``."""
    fields = [el for el in parse(page).iter() if el.get("name") == name and el.tag in ("input", "select", "textarea")]
    assert fields, f"no field {name!r}"
    return any(el.get("aria-invalid") == "true" for el in fields)


def links(page, selector: str = "a") -> list[str]:
    """The ``href`` of each link ``selector`` matches, entities decoded (``?q=x&page=2``)."""
    return [element.get("href") or "" for element in parse(page).select(selector)]


def count(page, selector: str) -> int:
    """How many elements ``selector`` matches."""
    return len(parse(page).select(selector))
