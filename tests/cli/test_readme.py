"""The README keeps its promises: the two commands, every environment variable, the demo accounts, the jobs."""

import ast
import re
from pathlib import Path

import pytest

from passculture.core.scheduler import REPOSITORY_CRONTAB, load_jobs
from passculture.demo import seed

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_READERS = {"os.environ.get", "os.getenv", "env_bool", "env_list"}


def variables_read_in(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ENV_READERS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    return names


def configuration_table() -> set[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", section, flags=re.MULTILINE))


def test_shows_the_two_commands():
    assert "uv run passculture serve" in README
    assert "uv run pytest" in README


@pytest.mark.parametrize(
    "source",
    ["src/passculture/settings.py", "src/passculture/core/scheduler.py"],
)
def test_every_environment_variable_is_in_the_configuration_table(source):
    read = variables_read_in(ROOT / source)
    assert read, f"no environment variable found in {source}"
    assert read - configuration_table() == set()


def test_lists_the_demo_accounts_and_their_password():
    assert seed.DEMO_PASSWORD in README
    for account in seed.ACCOUNTS:
        assert f"`{account.email}`" in README
    for structure in seed.STRUCTURES:
        assert structure.siren in README
        for venue in structure.venues:
            assert venue.siret in README


def test_lists_the_scheduled_jobs():
    for job in load_jobs(REPOSITORY_CRONTAB):
        assert f"`{job}`" in README
