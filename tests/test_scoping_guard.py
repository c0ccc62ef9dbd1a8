"""Static guard: views, API, exports and tasks read scoped models only through `visible_to`.

STYLE.md B5 asks for a semgrep rule per scoped model; semgrep is not installed, so this does the
same with the `ast` module. A `<Model>.objects.<method>` chain in those files must pass through
`visible_to(...)`; a deliberate exception carries a `# scoped: <why>` comment on its line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yiyang

SCOPED_MODELS = {
    "Elder",
    "ElderCategory",
    "CategoryChange",
    "Contact",
    "TimelineEntry",
    "DuplicateCandidate",
    "ImportJob",
    "ChangeRecord",
    "AccessRecord",
    "RecentView",
    "ManualReport",
    "IndicatorSnapshot",
    "Target",
    "Complaint",
    "ProviderCase",
}
GUARDED_PREFIXES = ("views", "api", "exports", "tasks")
PACKAGE = Path(yiyang.__file__).parent


def guarded_files(root: Path = PACKAGE) -> list[Path]:
    """Modules named views*/api*/exports*/tasks*, and every module of such packages."""
    files = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        in_package = any(part.startswith(GUARDED_PREFIXES) for part in parts[:-1])
        if path.name.startswith(GUARDED_PREFIXES) or in_package:
            files.append(path)
    return files


def unscoped_reads(source: str, filename: str = "<source>") -> list[str]:
    """Return "file:line Model.objects.method" for every chain that skips `visible_to`."""
    tree = ast.parse(source, filename=filename)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    lines = source.splitlines()
    problems = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in SCOPED_MODELS
        ):
            continue
        chain, top = _chain_above(node, parents)
        if "visible_to" in chain or _scoped_by_arguments(node, top, parents):
            continue
        if "# scoped:" in lines[node.lineno - 1]:
            continue
        method = chain[0] if chain else "(manager)"
        problems.append((node.lineno, f"{filename}:{node.lineno} {node.value.id}.objects.{method}"))
    return [text for _line, text in sorted(problems)]


def _chain_above(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[list[str], ast.AST]:
    """The method names called on `node`, in order (X.objects.a().b() -> ["a", "b"]), and the
    outermost node of the chain."""
    names: list[str] = []
    current = node
    while True:
        parent = parents.get(current)
        if isinstance(parent, ast.Attribute) and parent.value is current:
            names.append(parent.attr)
            current = parent
        elif (isinstance(parent, ast.Call) and parent.func is current) or (
            isinstance(parent, ast.Subscript) and parent.value is current
        ):
            current = parent
        else:
            return names, current


def _scoped_by_arguments(node: ast.AST, top: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Two scoped shapes: a filter on a scoped set (`RecentView.objects.filter(elder__in=
    Elder.objects.visible_to(user))`), and a `Prefetch(queryset=…)` that only narrows the
    related rows of an already scoped QuerySet."""
    for call in ast.walk(top):
        if not isinstance(call, ast.Call) or call is node:
            continue
        arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
        for argument in arguments:
            for inner in ast.walk(argument):
                if isinstance(inner, ast.Attribute) and inner.attr == "visible_to":
                    return True
    keyword = parents.get(top)
    prefetch = parents.get(keyword) if isinstance(keyword, ast.keyword) else None
    return (
        isinstance(prefetch, ast.Call)
        and isinstance(prefetch.func, ast.Name)
        and prefetch.func.id == "Prefetch"
        and keyword.arg == "queryset"  # type: ignore[union-attr]
    )


def test_guard_covers_the_read_paths():
    names = {str(path.relative_to(PACKAGE)) for path in guarded_files()}
    assert "api.py" in names
    assert "registry/api/elders.py" in names
    assert "registry/views/elders.py" in names


def test_views_api_exports_and_tasks_read_through_visible_to():
    # given every module on a read path
    problems = []
    for path in guarded_files():
        problems += unscoped_reads(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))

    # then none reads a scoped model around `visible_to`
    assert problems == []


def test_guard_flags_reads_that_skip_visible_to():
    source = "\n".join(
        [
            "Elder.objects.filter(pk=1)",
            "Elder.objects.get(pk=1)",
            "ImportJob.objects.all()[:5]",
            "ChangeRecord.objects.exclude(action='x').count()",
            "Elder.objects.visible_to(user).filter(pk=1)",
            "Elder.objects.select_related('r').visible_to(user)",
            "Region.objects.filter(level=5)",
            "Elder.objects.count()  # scoped: a test of the guard",
            "x = DuplicateCandidate.objects",
            "RecentView.objects.filter(user=u, elder__in=Elder.objects.visible_to(u))",
            "Prefetch('categories', queryset=ElderCategory.objects.filter(valid_to=None))",
            "ElderCategory.objects.filter(elder__in=Elder.objects.all())",
        ]
    )

    problems = unscoped_reads(source, "example.py")

    assert problems == [
        "example.py:1 Elder.objects.filter",
        "example.py:2 Elder.objects.get",
        "example.py:3 ImportJob.objects.all",
        "example.py:4 ChangeRecord.objects.exclude",
        "example.py:9 DuplicateCandidate.objects.(manager)",
        "example.py:12 Elder.objects.all",
        "example.py:12 ElderCategory.objects.filter",
    ]
