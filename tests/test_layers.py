"""The code's structure (README, "A map of the code"): each app imports only the apps below
it, and no two modules import each other, directly or round a loop, even inside functions."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lowest first, as in settings.INSTALLED_APPS; config (settings, URLs) sits on top of all.
LAYERS = ["web", "mail", "electives", "guide", "residents", "debriefs", "curation", "config"]


def modules():
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            if "migrations" not in path.parts:
                name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                yield name.removesuffix(".__init__"), path


def imports(name, path):
    """The project modules this module imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module.split(".")[0] in LAYERS}


def test_each_app_imports_only_the_apps_below_it():
    upward = []
    for name, path in modules():
        layer = LAYERS.index(name.split(".")[0])
        for imported in imports(name, path):
            if LAYERS.index(imported.split(".")[0]) > layer:
                upward.append(f"{name} imports {imported}")
    assert upward == []


def test_no_module_imports_itself_round_a_loop():
    known = dict(modules())
    # A module's own packages are loaded before it whatever it imports: not an edge.
    graph = {
        name: {
            module
            for module in imports(name, path)
            if module in known and not (name == module or name.startswith(f"{module}."))
        }
        for name, path in known.items()
    }
    loops = []
    state = {}

    def visit(name, trail):
        state[name] = "visiting"
        for nxt in sorted(graph[name]):
            if state.get(nxt) == "visiting":
                loops.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert loops == []
