"""CONTRIBUTING.md stays true to the code: every file it names exists, and every name it gives is defined."""

import importlib
import importlib.util
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
# A path (with a slash) or a bare file name, as the guide writes them in backticks.
PATH = re.compile(r"^[\w./-]*/[\w./-]*$|^[\w-]+\.(?:py|js|md|toml|html|txt)$")
# A Python name, maybe dotted, maybe called: `Role.ANNOTATING`, `require()`.
NAME = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\(\))?$")


def _blocks(text: str) -> list[str]:
    """Return the guide's paragraphs and list items, each with its continuation lines."""
    blocks, current = [], []
    for line in text.splitlines():
        if not line.strip() or re.match(r"^(\d+\.|-|#+) ", line):
            if current:
                blocks.append("\n".join(current))
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _named_paths() -> list[Path]:
    """Return each file or folder the guide names. A path is from the checkout or from annotations/
    (`selectors/visibility.py`); a bare file name may also be in the folder last named before it."""
    paths = []
    for block in _blocks(GUIDE):
        folder = ROOT / "annotations"
        for token in re.findall(r"`([^`]+)`", block):
            if not PATH.match(token):
                continue
            places = [ROOT / token, ROOT / "annotations" / token]
            if "/" not in token:
                places.insert(0, folder / token)
            path = next((place for place in places if place.exists()), places[0])
            if "/" in token:
                folder = path if token.endswith("/") else path.parent
            paths.append(path)
    return paths


def _names() -> list[str]:
    return sorted({token.removesuffix("()") for token in re.findall(r"`([^`]+)`", GUIDE)
                   if NAME.match(token) and not PATH.match(token)})


def _modules() -> list[object]:
    """Return the modules the guide names, with the models and the access module."""
    dotted = {"annotations.models", "annotations.access"}
    for path in _named_paths():
        if path.suffix == ".py" and path.name != "__init__.py" and path.exists():
            dotted.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return [importlib.import_module(name) for name in sorted(dotted)]


def _defined(name: str, modules: list[object], constraints: set[str]) -> bool:
    """Return whether the name is a constraint, a package of annotations, or defined in one of the modules
    (at the top level or in one of their classes)."""
    if name in constraints or ("." not in name and importlib.util.find_spec(f"annotations.{name}") is not None):
        return True
    head, *rest = name.split(".")
    holders = [holder for module in modules for holder in (
        module, *(value for _, value in inspect.getmembers(module, inspect.isclass)
                  if value.__module__ == module.__name__))]
    for holder in holders:
        value = getattr(holder, head, None)
        for attr in rest:
            value = getattr(value, attr, None)
        if value is not None:
            return True
    return False


def test_every_file_and_folder_the_guide_names_exists():
    missing = [str(path.relative_to(ROOT)) for path in _named_paths() if not path.exists()]
    assert missing == []


@pytest.mark.parametrize("name", _names())
def test_every_name_the_guide_gives_is_defined_in_the_code(name):
    constraints = {constraint.name for model in apps.get_models() for constraint in model._meta.constraints}
    assert _defined(name, _modules(), constraints), f"{name} is named in CONTRIBUTING.md but defined nowhere it names"


def test_the_guide_names_the_homes_of_an_article_status():
    section = GUIDE[GUIDE.index("## To add an article status"):GUIDE.index("## To add an export column")]
    for name in ("ARTICLE_TRANSITIONS", "ArticleEvent", "annotations/models.py", "annotations/services/analysis.py",
                 "article_status_valid"):
        assert f"`{name}`" in section
