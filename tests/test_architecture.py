"""The shapes of the house, read from the source (AST, no Django): README "Architecture" and docs/adr/0008.

One test per rule; each failure lists every offending ``path:line`` with the rule it breaks. A new app is placed in
``DOMAIN_ORDER``, ``SIDE_DOMAIN_APPS``, ``INTERFACE_APPS`` or ``TOP_APPS`` below, or the first test fails.
"""

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "passculture"

# Domain apps, in dependency order: a module may import its own app and the apps before it.
DOMAIN_ORDER = ["core", "connectors", "accounts", "offerers", "offers", "beneficiaries", "bookings", "finance"]
# Domain apps off the line, with the apps they may import (besides their own).
SIDE_DOMAIN_APPS = {"providers": {"core", "connectors", "accounts", "offerers", "offers"}}
DOMAIN_APPS = set(DOMAIN_ORDER) | set(SIDE_DOMAIN_APPS)
# Pages and APIs: they use the domain apps, no domain app uses them. ``web`` is their kit.
INTERFACE_APPS = {"pro", "beneficiary", "backoffice", "api", "account", "web"}
WEB_KIT = "web"
# The top floor: may import every app, imported by none.
TOP_APPS = {"demo", "server"}
APPS = DOMAIN_APPS | INTERFACE_APPS | TOP_APPS

# The rooms of a business domain app (a module, or a package of that name).
ROOMS = {"models", "rules", "services", "selectors", "errors", "notifications", "tasks", "exports", "admin", "apps"}
ROOM_DIRECTORIES = {"management", "migrations", "templates"}
# Other modules a domain app may hold, and why. ``core`` (the cross-cutting kit) and ``connectors`` (one package
# per outside system) have no rooms: the rule is for the business apps.
ROOMS_ALLOWED = {
    # Django's extension points, named by dotted path in settings: the auth backend, the password validator, and
    # the signed tokens of the verification links they go with.
    "accounts": {"backends", "validators", "tokens", "throttling"},
    # Offer types and eligibility lists are versioned reference data with pure rules over them; the catalogue search
    # is a read model of its own (plain SQL on PostgreSQL, ADR 6), a package.
    "offers": {"categories", "eligibility", "search"},
    # Countermark guessing is throttled in the cache: a domain rule with its own state.
    "bookings": {"throttling"},
}
ROOMS_EXEMPT = {"core", "connectors"}

# ``reverse(`` is for interface apps; these rooms of a domain app get their links elsewhere.
URL_FREE_ROOMS = {"services", "rules", "selectors"}
MAX_LINES = 600
ERROR_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "api_operation"}


@dataclass(frozen=True)
class Module:
    path: Path
    name: str  # passculture.offers.services
    tree: ast.Module

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def parts(self) -> list[str]:
        return self.name.split(".")

    @property
    def app(self) -> str | None:
        return self.parts[1] if len(self.parts) > 1 and self.path.parent != PACKAGE else None

    @property
    def package(self) -> str:
        return self.name if self.path.name == "__init__.py" else ".".join(self.parts[:-1])

    def where(self, node: ast.AST) -> str:
        return f"{self.rel}:{getattr(node, 'lineno', 1)}"


def _is_migration(path: Path) -> bool:
    return "migrations" in path.relative_to(PACKAGE).parts


@functools.cache
def modules() -> tuple[Module, ...]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _is_migration(path):
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append(Module(path, ".".join(parts), ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return tuple(found)


def imports(module: Module) -> Iterator[tuple[ast.AST, str]]:
    """Every module name ``module`` imports (at any depth: functions and ``TYPE_CHECKING`` blocks count too)."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node, target
            for alias in node.names:  # ``from passculture import offers`` imports an app
                yield node, f"{target}.{alias.name}"


def app_of(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "passculture" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in APPS or (PACKAGE / parts[1]).is_dir() else None


def app_imports(module: Module) -> Iterator[tuple[ast.AST, str]]:
    """``(node, app)`` for each import of another app of the project."""
    seen = set()
    for node, name in imports(module):
        app = app_of(name)
        if app is not None and app != module.app and (node, app) not in seen:
            seen.add((node, app))
            yield node, app


def check(rule: str, violations: list[str]) -> None:
    """Fail with the rule and every ``path:line: what`` that breaks it."""
    if violations:
        pytest.fail(f"{rule}:\n  " + "\n  ".join(sorted(set(violations))), pytrace=False)


# --- Dependency direction --------------------------------------------------------------------------------------------


def test_every_app_has_a_place_in_the_architecture():
    apps = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    unplaced = [f"src/passculture/{app}/" for app in apps if app not in APPS]
    check("an app is domain, side domain, interface or top (tests/test_architecture.py)", unplaced)


def _allowed_for_domain(app: str) -> set[str]:
    if app in SIDE_DOMAIN_APPS:
        return SIDE_DOMAIN_APPS[app]
    return set(DOMAIN_ORDER[: DOMAIN_ORDER.index(app)])


def test_domain_apps_import_only_the_apps_before_them():
    order = " ← ".join(DOMAIN_ORDER)
    violations = []
    for module in modules():
        if module.app not in DOMAIN_APPS:
            continue
        allowed = _allowed_for_domain(module.app)
        for node, app in app_imports(module):
            if app in DOMAIN_APPS and app not in allowed:
                violations.append(f"{module.where(node)}: {module.app} imports {app}")
    check(f"a domain app imports only the apps before it ({order})", violations)


def test_interface_apps_are_never_imported_by_domain_apps():
    violations = [
        f"{module.where(node)}: {module.app} imports the interface app {app}"
        for module in modules()
        if module.app in DOMAIN_APPS
        for node, app in app_imports(module)
        if app in INTERFACE_APPS
    ]
    check("no domain app imports an interface app", violations)


def test_the_web_kit_is_imported_by_interface_apps_only():
    violations = [
        f"{module.where(node)}: {module.app or module.name} imports {WEB_KIT}"
        for module in modules()
        if module.app not in INTERFACE_APPS
        for node, app in app_imports(module)
        if app == WEB_KIT
    ]
    check(f"only interface apps import the {WEB_KIT} kit", violations)


def test_interface_apps_reach_outside_systems_through_the_domain():
    """A page never calls a connector itself: the domain decides when an outside system is asked (and that it is
    asked before a transaction opens), and turns its failures into refusals."""
    violations = [
        f"{module.where(node)}: {module.app} imports connectors"
        for module in modules()
        if module.app in INTERFACE_APPS
        for node, app in app_imports(module)
        if app == "connectors"
    ]
    check("interface apps do not import connectors (ask a selector or a service)", violations)


def test_top_apps_are_imported_by_no_app():
    violations = [
        f"{module.where(node)}: {module.app} imports {app}"
        for module in modules()
        if module.app in DOMAIN_APPS | INTERFACE_APPS
        for node, app in app_imports(module)
        if app in TOP_APPS
    ]
    check(f"the top apps ({', '.join(sorted(TOP_APPS))}) are imported by no app", violations)


# --- Rooms -----------------------------------------------------------------------------------------------------------


def _is_view_module(module: Module) -> bool:
    if module.app not in INTERFACE_APPS:
        return False
    inside = module.parts[2:]
    if "views" in inside[:-1] or (inside and "views" in inside[-1]):
        return True
    return module.app == "api" and _defines_routes(module)


def _defines_routes(module: Module) -> bool:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                func = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(func, ast.Attribute) and func.attr in ROUTE_DECORATORS:
                    return True
    return False


def test_interface_views_read_through_selectors():
    violations = [
        f"{module.where(node)}: .objects. in a view"
        for module in modules()
        if _is_view_module(module)
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    check("interface views read through selectors, never Model.objects", violations)


def _room(module: Module) -> str | None:
    """The room of a domain app's module: ``services`` for ``offers/services.py`` or ``offers/services/x.py``."""
    inside = module.parts[2:]
    return inside[0] if inside else None


def test_domain_services_rules_and_selectors_build_no_url():
    violations = []
    for module in modules():
        if module.app not in DOMAIN_APPS or _room(module) not in URL_FREE_ROOMS:
            continue
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in {"reverse", "reverse_lazy"} and (node.args or node.keywords):
                violations.append(f"{module.where(node)}: {name}() in {_room(module)}")
    check("domain services, rules and selectors build no URL (reverse)", violations)


def test_domain_apps_have_only_known_rooms():
    violations = []
    for app in sorted(DOMAIN_APPS - ROOMS_EXEMPT):
        directory = PACKAGE / app
        if not directory.is_dir():
            continue
        allowed = ROOMS | ROOMS_ALLOWED.get(app, set()) | {"__init__"}
        for entry in sorted(directory.iterdir()):
            if entry.name.startswith((".", "__pycache__")):
                continue
            name = entry.stem if entry.is_file() else entry.name
            if entry.is_file() and entry.suffix != ".py":
                continue
            if name not in allowed and not (entry.is_dir() and name in ROOM_DIRECTORIES):
                violations.append(f"{entry.relative_to(ROOT).as_posix()}:1: {name} is not a room of a domain app")
    check(f"a domain app holds only its rooms ({', '.join(sorted(ROOMS))}) and the allowed modules", violations)


def test_no_source_file_is_over_600_lines():
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _is_migration(path):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            violations.append(f"{path.relative_to(ROOT).as_posix()}:{MAX_LINES + 1}: {lines} lines")
    check(f"no source file over {MAX_LINES} lines (migrations excepted)", violations)


# --- Error codes -----------------------------------------------------------------------------------------------------


@dataclass
class ErrorClass:
    module: Module
    node: ast.ClassDef
    code: str | None  # its own ``code = "..."``, None when inherited
    code_node: ast.AST | None

    @property
    def key(self) -> tuple[str, str]:
        return self.module.name, self.node.name


def _names(module: Module) -> dict[str, tuple[str, str | None]]:
    """What each name of the module refers to: ``(module, attribute)`` for ``from m import a``, ``(m, None)`` for
    a module alias."""
    names: dict[str, tuple[str, str | None]] = {}
    for node in module.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (alias.name, None)
    return names


@functools.cache
def class_definitions() -> dict[tuple[str, str], tuple[Module, ast.ClassDef]]:
    """Every top-level class of the project, keyed by (module, class name)."""
    return {
        (module.name, node.name): (module, node)
        for module in modules()
        for node in module.tree.body
        if isinstance(node, ast.ClassDef)
    }


def resolve(module: Module, expression: ast.expr) -> tuple[str, str] | None:
    """The (module, class name) a base class expression of ``module`` names: ``X``, or ``alias.X``."""
    names = _names(module)
    if isinstance(expression, ast.Name):
        if (module.name, expression.id) in class_definitions():
            return module.name, expression.id
        target = names.get(expression.id)
        return (target[0], target[1]) if target and target[1] else None
    if isinstance(expression, ast.Attribute) and isinstance(expression.value, ast.Name):
        target = names.get(expression.value.id)
        if target is None:
            return None
        return (f"{target[0]}.{target[1]}" if target[1] else target[0]), expression.attr
    return None


DOMAIN_ERROR = ("passculture.core.errors", "DomainError")


def _bases(key: tuple[str, str]) -> list[tuple[str, str]]:
    module, node = class_definitions()[key]
    return [parent for base in node.bases if (parent := resolve(module, base)) in class_definitions()]


@functools.cache
def _is_domain_error(key: tuple[str, str]) -> bool:
    return key == DOMAIN_ERROR or any(_is_domain_error(parent) for parent in _bases(key))


def _own_code(node: ast.ClassDef) -> tuple[str | None, ast.AST | None]:
    for statement in node.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
        value = getattr(statement, "value", None)
        if any(isinstance(t, ast.Name) and t.id == "code" for t in targets) and isinstance(value, ast.Constant):
            return value.value, statement
    return None, None


@functools.cache
def error_classes() -> dict[tuple[str, str], ErrorClass]:
    """Every ``DomainError`` subclass of the project, keyed by (module, class name)."""
    found = {}
    for key, (module, node) in class_definitions().items():
        if key != DOMAIN_ERROR and _is_domain_error(key):
            found[key] = ErrorClass(module, node, *_own_code(node))
    return found


def code_of(key: tuple[str, str]) -> str | None:
    """A class's code, its own or the nearest inherited one (``DomainError``'s default excepted)."""
    if key not in error_classes():
        return None
    error = error_classes()[key]
    if error.code is not None:
        return error.code
    return next((code for parent in _bases(key) if (code := code_of(parent)) is not None), None)


def test_error_codes_have_one_spelling():
    violations = [
        f"{error.module.where(error.code_node)}: {error.node.name}.code = {error.code!r}"
        for error in error_classes().values()
        if error.code is not None and not ERROR_CODE.match(error.code)
    ]
    check("an error code is spelled UPPER_SNAKE_CASE, as the APIs show it", violations)


def test_no_two_error_classes_define_the_same_code():
    by_code: dict[str, list[ErrorClass]] = {}
    for error in error_classes().values():
        if error.code is not None:
            by_code.setdefault(error.code, []).append(error)
    violations = [
        f"{error.module.where(error.code_node)}: {error.node.name}.code = {code!r}"
        for code, errors in sorted(by_code.items())
        if len(errors) > 1
        for error in errors
    ]
    check("one class per error code (subclass it for a message of your own, without redefining the code)", violations)


def _api_table() -> tuple[Module, dict[str, ast.AST]]:
    module = next(m for m in modules() if m.name == "passculture.api.errors")
    for node in module.tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "ERRORS" for t in targets):
                return module, {k.value: k for k in node.value.keys if isinstance(k, ast.Constant)}
    raise AssertionError("src/passculture/api/errors.py has no ERRORS table")


def _errors_the_api_raises() -> set[tuple[str, str]]:
    """The error classes of the operations the APIs expose (every error of ``bookings``: booking, cancelling, the
    desk), the APIs' own errors, and any error class an API module names."""
    raised = {key for key in error_classes() if key[0] in {"passculture.bookings.errors", "passculture.api.errors"}}
    for module in modules():
        if module.app != "api":
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute | ast.Name):
                key = resolve(module, node)
                if key in error_classes():
                    raised.add(key)
    return raised


def test_the_api_table_lists_every_code_the_api_raises():
    module, table = _api_table()
    violations = []
    for key in sorted(_errors_the_api_raises()):
        code = code_of(key)
        if code is not None and code not in table:
            error = error_classes()[key]
            violations.append(f"{error.module.where(error.node)}: {key[1]} ({code}) is not in {module.rel}'s ERRORS")
    defined = {code_of(key) for key in error_classes()}
    violations += [
        f"{module.where(node)}: {code!r} is no error class's code"
        for code, node in table.items()
        if code not in defined
    ]
    check("the API's error table lists every code the APIs raise, and only codes", violations)
