"""Shared helpers live where they belong (issue 25): a view module never imports another
app's view module (the rate limit is web/rate_limit.py's, advisory links
electives/advisories.py's)."""

from tests.test_layers import imports, modules


def test_no_view_module_imports_another_app_s_views():
    crossing = [
        f"{name} imports {imported}"
        for name, path in modules()
        for imported in imports(name, path)
        if name.split(".")[1:2] == ["views"]
        and imported.split(".")[1:2] == ["views"]
        and imported.split(".")[0] != name.split(".")[0]
    ]
    assert crossing == []
