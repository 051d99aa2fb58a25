"""An elective's status changes in electives/workflow.py alone (issue 25): any other code
that assigns `.status` or passes `status=` to create()/update() fails here.

Debriefs have a workflow of their own (debriefs/review.py), the one other home of a status.
"""

import ast

from tests.test_layers import LAYERS, ROOT

OWNERS = {"electives/workflow.py", "debriefs/review.py"}
WRITING_CALLS = {"create", "update", "get_or_create", "update_or_create"}


def status_writes(tree):
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Attribute) and leaf.attr == "status":
                    yield node.lineno, "assigns .status"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITING_CALLS
            and any(keyword.arg == "status" for keyword in node.keywords)
        ):
            yield node.lineno, f"passes status= to {node.func.attr}()"


def writers():
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or name in OWNERS:
                continue
            for line, what in status_writes(ast.parse(path.read_text())):
                yield f"{name}:{line} {what}"


def test_only_the_workflow_writes_a_status():
    assert list(writers()) == []


def test_the_scan_finds_each_kind_of_write():
    source = """
elective.status = Status.DRAFT
a, b.status = 1, 2
Elective.objects.filter(pk=1).update(status="published")
Elective.objects.create(title="x", status="draft")
Elective.objects.filter(status="draft")  # a read
"""
    found = [what for _, what in status_writes(ast.parse(source))]
    assert found == [
        "assigns .status",
        "assigns .status",
        "passes status= to update()",
        "passes status= to create()",
    ]
