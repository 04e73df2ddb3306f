"""The project's import graph, read from the source, with imports inside functions counted too.

Python lets a module import another inside a function, which hides a dependency loop from anything
that reads only the top of a file. Here every ``import`` statement counts wherever it is, and each
edge remembers whether it was inside a function, so the one accepted exception can be named: a
``tasks`` module importing, inside a task, the service that task runs.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "website", "crm", "campaigns")


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int
    in_function: bool


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = ROOT, packages=PACKAGES) -> dict[str, Path]:
    found = {}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[module_name(path, root)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The deepest module of ours that ``name`` names (``crm.models.Household`` → ``crm.models``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _absolute(module: str, level: int, target: str | None, is_package: bool) -> str:
    if not level:
        return target or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


class _Imports(ast.NodeVisitor):
    def __init__(self):
        self.depth = 0
        self.found: list[tuple[str, int, bool]] = []

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node):
        for alias in node.names:
            self.found.append((alias.name, node.lineno, self.depth > 0))

    def visit_ImportFrom(self, node):
        self.found.append(
            ((node.level, node.module, [alias.name for alias in node.names]), node.lineno, self.depth > 0)
        )


def edges(known: dict[str, Path]) -> list[Edge]:
    result = []
    for module, path in known.items():
        visitor = _Imports()
        visitor.visit(ast.parse(path.read_text(), filename=str(path)))
        is_package = path.name == "__init__.py"
        for target, line, in_function in visitor.found:
            if isinstance(target, str):
                names = [target]
            else:
                level, base, imported_names = target
                base = _absolute(module, level, base, is_package)
                names = [f"{base}.{name}" for name in imported_names]
            for name in names:
                resolved = _resolve(name, known)
                if resolved and resolved != module:
                    result.append(Edge(module, resolved, line, in_function))
    return result


def task_runs_service(edge: Edge) -> bool:
    """The accepted exception: a tasks module importing, inside a task, what the task runs."""
    leaf = edge.importer.rpartition(".")[2]
    return edge.in_function and (leaf == "tasks" or leaf.startswith("tasks_"))


def cycles(graph: list[Edge]) -> list[list[str]]:
    """Every group of modules that import one another, directly or round a loop (Tarjan)."""
    following: dict[str, set[str]] = {}
    for edge in graph:
        following.setdefault(edge.importer, set()).add(edge.imported)
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a long chain of imports cannot exhaust Python's recursion limit.
        work = [(start, iter(sorted(following.get(start, ()))))]
        index[start] = lowest[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = lowest[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(following.get(child, ())))))
                    break
                if child in on_stack:
                    lowest[node] = min(lowest[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[node])
                if lowest[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(following):
        if node not in index:
            visit(node)
    return sorted(groups)


def project_cycles(root: Path = ROOT) -> list[list[str]]:
    known = modules(root)
    return cycles([edge for edge in edges(known) if not task_runs_service(edge)])


if __name__ == "__main__":
    found = project_cycles()
    for group in found:
        print("Modules that import one another:", ", ".join(group))
    raise SystemExit(1 if found else 0)
