"""The code's structure (README, "A map of the code"): each app imports only the apps below
it, and no two modules import each other, directly or round a loop, even inside functions."""

import ast
import re
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


# Templates have layers too. A template belongs to the app of its folder (templates/<app>/,
# and an app's own jinja2/ folder); the admin's overrides (admin/, simple_history/) to
# curation, which holds the admin; the site's frame and error pages (base.html,
# error_base.html, 404.html ...) and the admin's edit-conflict page to web, whose code
# renders them (the 503, web.conflicts); the rest (home.html, ping.html and the shared
# fragments in includes/) to electives, the domain whose pages they frame. A template, and
# an app's code naming a template, may use the tag libraries and the templates only of its
# own app or of the apps below it.
TEMPLATE_DIRS = {ROOT / "templates": None, ROOT / "electives" / "jinja2": "electives"}
OWNED_BY = {"admin": "curation", "simple_history": "curation"}
WEB_TEMPLATES = re.compile(
    r"(base|error_base|\d{3}(_\w+)?|admin/edit_conflict_(change|history)_form)\.html"
)
REFERENCE = re.compile(r"""\{%-?\s*(?:include|extends|import|from)\s+["']([^"']+)["']""")
LOAD = re.compile(r"\{%-?\s*load\s+([^%]+?)\s*-?%\}")


def template_owner(name, folder_owner=None):
    if folder_owner:
        return folder_owner
    if WEB_TEMPLATES.fullmatch(name):
        return "web"
    first = name.split("/")[0] if "/" in name else ""
    if first in LAYERS:
        return first
    return OWNED_BY.get(first, "electives")


def templates():
    """(name, owner, folder, text) of each of the project's templates."""
    for folder, owner in TEMPLATE_DIRS.items():
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".txt", ".xml"):
                name = path.relative_to(folder).as_posix()
                yield name, template_owner(name, owner), folder, path.read_text()


def tag_libraries():
    """{library name: the app that defines it} of the project's template tag libraries."""
    return {
        path.stem: layer
        for layer in LAYERS
        for path in (ROOT / layer).glob("templatetags/*.py")
        if path.stem != "__init__"
    }


def test_each_template_uses_only_templates_and_tags_of_its_app_or_below():
    libraries = tag_libraries()
    known = {name for name, _, _, _ in templates()}  # not Django's or a library's own
    upward = []
    for name, owner, folder, text in templates():
        used = []
        for loaded in LOAD.findall(text):
            words = loaded.split()
            names = words[words.index("from") + 1 :] if "from" in words else words
            used += [(f"tag library {lib}", libraries[lib]) for lib in names if lib in libraries]
        for referred in set(REFERENCE.findall(text)) & known:
            # A name is looked for in the referring template's own folder first (jinja2/).
            here = TEMPLATE_DIRS[folder] if (folder / referred).exists() else None
            used.append((referred, template_owner(referred, here)))
        for what, app in used:
            if LAYERS.index(app) > LAYERS.index(owner):
                upward.append(f"{name} ({owner}) uses {what} ({app})")
    assert upward == []


def test_each_app_names_only_templates_of_its_app_or_below():
    known = {name for name, _, _, _ in templates()}
    upward = []
    for name, path in modules():
        layer = name.split(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            value = getattr(node, "value", None)
            if isinstance(node, ast.Constant) and isinstance(value, str) and value in known:
                owner = template_owner(value)
                if LAYERS.index(owner) > LAYERS.index(layer):
                    upward.append(f"{name} names {value} ({owner})")
    assert upward == []


def test_the_template_rule_sees_what_it_must():
    """The checks above find what they look for (a rule that matched nothing would pass)."""
    libraries = tag_libraries()
    assert {"directory", "curation"} <= set(libraries)
    names = {name: owner for name, owner, _, _ in templates()}
    assert names["electives/elective_detail.html"] == "electives"
    assert names["residents/detail_tools.html"] == "residents"
    assert names["includes/elective_card.html"] == "electives"
    assert names["admin/index.html"] == "curation"
    assert names["503.html"] == names["base.html"] == "web"
    assert names["listing/listing.html"] == "electives"
    text = "{% load directory curation %}{% include 'residents/x.html' %}"
    assert LOAD.findall(text) == ["directory curation"]
    assert REFERENCE.findall(text) == ["residents/x.html"]
