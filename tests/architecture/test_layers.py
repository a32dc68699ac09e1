"""The layout is the architecture: the import graph of ``src/strategibot`` has no cycle, no
package imports from a layer above it (or from a package beside it on its own layer), and the
Bot Framework SDK is imported inside ``channels/teams`` only."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "strategibot"

LAYERS: list[set[str]] = [
    {"__about__", "errors"},
    {"settings", "core"},
    {"domain"},
    {"store"},
    {"render"},
    {"delivery"},
    {"services"},
    {"conversation", "scheduling"},
    {"channels"},
    {"wiring"},
    {"web"},
    {"cli"},
    {"__init__", "__main__"},
]
"""From the bottom up: a package may import its own layer's modules only within itself, and
any layer below."""

_LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}
SDK = ("botbuilder", "botframework", "msrest")


def _module_name(path: Path, src: Path = SRC) -> str:
    parts = path.relative_to(src.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, src: Path = SRC) -> list[tuple[str, int]]:
    """(imported module, line) of every import in ``path``, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path, src)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from strategibot.x import y" may import the module x.y
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if (src.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                        src.parent / Path(*candidate.split(".")) / "__init__.py").exists():
                    found.append((candidate, node.lineno))
    return found


def _modules(src: Path = SRC) -> dict[str, Path]:
    return {_module_name(p, src): p for p in src.rglob("*.py") if "migrations" not in p.parts}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph(src: Path = SRC) -> dict[str, set[str]]:
    modules = _modules(src)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, _ in _imports(path, src):
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def layer_violations(src: Path = SRC) -> list[str]:
    """Imports from a layer above, or from another package on the same layer."""
    wrong = []
    modules = _modules(src)
    for name, path in modules.items():
        own = _package(name)
        for target, line in _imports(path, src):
            if not target.startswith("strategibot.") or target not in modules:
                continue
            other = _package(target)
            if other != own and _LEVEL[other] >= _LEVEL[own]:
                wrong.append(f"{path.relative_to(src)}:{line} ({own}) imports {target} "
                             f"({other})")
    return wrong


def cycles(src: Path = SRC) -> list[list[str]]:
    """Every import cycle found by a depth-first walk."""
    graph = _graph(src)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                found.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_every_package_has_a_layer() -> None:
    packages = {_package(m) for m in _modules()}
    assert packages <= set(_LEVEL), sorted(packages - set(_LEVEL))


def test_no_module_imports_from_a_layer_above_or_beside_it() -> None:
    assert layer_violations() == []


def test_there_is_no_import_cycle() -> None:
    assert cycles() == []


def test_the_bot_framework_sdk_is_used_in_channels_teams_only() -> None:
    outside = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(SRC)
        if relative.parts[:2] == ("channels", "teams"):
            continue
        if "botbuilder" in text or "botframework" in text:
            outside.append(str(relative))
        for target, line in _imports(path):
            if target.split(".")[0] in SDK:
                outside.append(f"{relative}:{line} imports {target}")
    assert outside == []


def test_the_checks_find_an_upward_import_a_sideways_one_and_a_cycle(tmp_path: Path) -> None:
    src = tmp_path / "strategibot"
    files = {
        "__init__.py": "",
        "store/__init__.py": "",
        "store/db.py": "from strategibot.services.content import Content\n",
        "services/__init__.py": "",
        "services/content.py": "from strategibot.store import db\n",
        "conversation/__init__.py": "",
        "conversation/turn.py": "def f():\n    from strategibot.scheduling import jobs\n",
        "scheduling/__init__.py": "",
        "scheduling/jobs.py": "",
    }
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    wrong = sorted(layer_violations(src))
    assert wrong == [
        "conversation/turn.py:2 (conversation) imports strategibot.scheduling (scheduling)",
        "conversation/turn.py:2 (conversation) imports strategibot.scheduling.jobs (scheduling)",
        "store/db.py:1 (store) imports strategibot.services.content (services)",
    ]
    assert cycles(src) == [["strategibot.services.content", "strategibot.store.db",
                            "strategibot.services.content"]]
