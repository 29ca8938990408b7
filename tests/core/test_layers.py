"""The layering holds: no app reaches a floor above it, nor an app of its own floor.

Checked on the code as written: every import (module level or inside a function), every
template `{% include %}`/`{% extends %}` of another app's template folder, every `{% url %}` of a
higher app's namespace, and every use of a reverse relation that a higher app declared on a
lower app's model (`meeting.workshop`, `select_related("workshop")`).
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from apps.core.layers import FLOORS, may_depend

APPS_DIR = Path(__file__).resolve().parents[2] / "apps"
TEMPLATE_TAG = re.compile(r"""{%\s*(include|extends|url)\s+["']([\w-]+)[/:]""")
RELATED_CALLS = {"select_related", "prefetch_related", "filter", "exclude", "annotate", "values"}


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    where: str
    what: str

    def __str__(self):
        return (
            f"{self.where}: {self.source} (floor {FLOORS.get(self.source)}) → {self.target} "
            f"(floor {FLOORS.get(self.target)}) by {self.what}"
        )


def _app_of_module(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "apps" else None


def imports_of(source: str, package: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import in `source`, relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, node.lineno))
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def upward_imports(app: str, source: str, *, package: str, where: str) -> list[Arrow]:
    arrows = []
    for module, line in imports_of(source, package):
        target = _app_of_module(module)
        if target and target in FLOORS and not may_depend(app, target):
            arrows.append(Arrow(app, target, f"{where}:{line}", f"import {module}"))
    return arrows


def upward_template_tags(app: str, text: str, *, where: str) -> list[Arrow]:
    arrows = []
    for match in TEMPLATE_TAG.finditer(text):
        tag, target = match.groups()
        if target not in FLOORS or target == app:
            continue
        # A link ({% url %}) sideways is fine; an include of a same-floor app is not.
        allowed = FLOORS[target] <= FLOORS[app] if tag == "url" else may_depend(app, target)
        if not allowed:
            line = text.count("\n", 0, match.start()) + 1
            arrows.append(Arrow(app, target, f"{where}:{line}", f"{{% {tag} %}}"))
    return arrows


def reverse_accessors() -> dict[str, dict[str, str]]:
    """{lower app: {accessor: higher app}} for relations a higher app declared on a lower model."""
    found: dict[str, dict[str, str]] = {}
    for model in django_apps.get_models():
        source = model._meta.app_label
        if source not in FLOORS:
            continue
        for field in model._meta.get_fields(include_hidden=False):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            if isinstance(field.related_model, str):
                continue
            target = field.related_model._meta.app_label
            if target in FLOORS and target != source and FLOORS[target] < FLOORS[source]:
                accessor = field.remote_field.get_accessor_name()
                if accessor and not accessor.endswith("+"):
                    found.setdefault(target, {})[accessor] = source
    return found


def reverse_relation_uses(app: str, source: str, accessors: dict, *, where: str) -> list[Arrow]:
    arrows = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Attribute) and node.attr in accessors:
            names.append((node.attr, node.lineno))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RELATED_CALLS
        ):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.append((arg.value.split("__")[0], node.lineno))
            for keyword in node.keywords:
                if keyword.arg:
                    names.append((keyword.arg.split("__")[0], node.lineno))
        for name, line in names:
            if name in accessors:
                arrows.append(
                    Arrow(app, accessors[name], f"{where}:{line}", f"reverse relation .{name}")
                )
    return arrows


def _app_files():
    for app_dir in sorted(p for p in APPS_DIR.iterdir() if (p / "apps.py").exists()):
        app = app_dir.name
        for path in sorted(app_dir.rglob("*")):
            if "migrations" in path.parts or path.suffix not in {".py", ".html", ".txt"}:
                continue
            yield app, path


def test_every_app_has_a_floor():
    local = {p.name for p in APPS_DIR.iterdir() if (p / "apps.py").exists()}
    assert local - FLOORS.keys() == set(), "Give the new app a floor in apps/core/layers.py"


def test_no_arrow_points_up():
    accessors = reverse_accessors()
    arrows: list[Arrow] = []
    for app, path in _app_files():
        where = str(path.relative_to(APPS_DIR.parent))
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            package = ".".join(path.relative_to(APPS_DIR.parent).with_suffix("").parts[:-1])
            arrows += upward_imports(app, text, package=package, where=where)
            arrows += reverse_relation_uses(app, text, accessors.get(app, {}), where=where)
        else:
            arrows += upward_template_tags(app, text, where=where)
    assert not arrows, "Upward or sideways arrows:\n" + "\n".join(map(str, arrows))


# ------------------------------------------------------------------ the checker itself catches them
@pytest.mark.parametrize(
    ("app", "source"),
    [
        ("governance", "from apps.reports.models import Document"),
        ("governance", "def f():\n    from apps.strategy.models import PriorityAction\n"),
        ("accounts", "import apps.workshops.selectors"),
        ("workshops", "from apps.working_groups import services"),
        ("minutes", "from ...reports import pdf"),
    ],
)
def test_an_upward_import_is_caught(app, source):
    package = f"apps.{app}.sub" if source.startswith("from ...") else f"apps.{app}"
    assert upward_imports(app, source, package=package, where="x.py")


def test_a_downward_import_passes():
    assert not upward_imports(
        "reports", "from apps.minutes.models import Minutes\nfrom .pdf import render",
        package="apps.reports", where="x.py",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("app", "text", "caught"),
    [
        ("minutes", '{% include "reports/_pdf_box.html" %}', True),
        ("minutes", "{% url 'reports:download' 1 %}", True),
        ("workshops", '{% include "working_groups/_card.html" %}', True),
        ("workshops", "{% url 'working_groups:detail' slug %}", False),  # a link sideways
        ("copil", '{% include "governance/_meeting_header.html" %}', False),
    ],
)
def test_template_arrows(app, text, caught):
    assert bool(upward_template_tags(app, text, where="x.html")) is caught


def test_a_reverse_relation_is_caught():
    accessors = reverse_accessors()["governance"]
    assert "workshop" in accessors
    source = "def f(meeting):\n    return meeting.workshop\n"
    assert reverse_relation_uses("governance", source, accessors, where="x.py")
    source = 'Meeting.objects.select_related("workshop__group")'
    assert reverse_relation_uses("governance", source, accessors, where="x.py")
