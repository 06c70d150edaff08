"""The project's modules form no import circle, so each room can be read from the bottom up."""

import re
import sys
from pathlib import Path

import grimp

PACKAGES = ["werkzeugkoffer", "projects", "funding", "contacts", "places", "foerdercheck", "alerts"]


def import_circles(graph):
    """Groups of modules that import each other, directly or through others (Tarjan's algorithm)."""
    index, lowest, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(module):
        index[module] = lowest[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in on_stack:
                lowest[module] = min(lowest[module], index[imported])
        if lowest[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return circles


def build_graph():
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_no_two_modules_import_each_other():
    assert import_circles(build_graph()) == []


def test_the_check_finds_a_circle_through_a_third_module():
    graph = grimp.ImportGraph()
    for module in ["a", "b", "c", "d"]:
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="c", imported="d")
    assert import_circles(graph) == [["a", "b", "c"]]


def test_the_readme_names_every_module_of_the_three_rooms_and_no_other():
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text()
    for room in ["catalogue", "backoffice", "operations"]:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `werkzeugkoffer/{room}/` |"))
        named = set(re.findall(r"`(\w+\.py)`", row))
        present = {path.name for path in (root / "werkzeugkoffer" / room).glob("*.py")} - {"__init__.py"}
        assert named == present, room
