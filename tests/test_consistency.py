"""Rules of the test suite itself."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for alias in node.names:  # from tests.pro import test_desk
                yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_test_module_imports_another_test_module():
    """Shared builders are factories (tests/factories), fixtures (conftest.py) or helper modules (helpers.py,
    tests/html.py): a test module is never imported, nor is a conftest (pytest loads it)."""
    offenders = [
        f"{path.relative_to(TESTS.parent)} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for module in _imported_modules(path)
        if module.startswith("tests.") and module.rsplit(".", 1)[-1].startswith(("test_", "conftest"))
    ]
    assert offenders == []


def test_one_family_of_builders():
    """Test data is built by the factories of tests/factories: no ``make_*`` builder function elsewhere."""
    offenders = [
        f"{path.relative_to(TESTS.parent)}: {node.name}"
        for path in sorted(TESTS.rglob("*.py"))
        if "factories" not in path.parts
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("make_")
    ]
    assert offenders == []
