"""An import-linter contract of our own: no cycles between the app's areas.

import-linter's `acyclic_siblings` looks at every child of a package, plumbing included,
and the plumbing (`security`, the model registry) rightly sits above some areas. This
contract takes the list of areas and allows every import between them that does not close
a cycle; imports inside functions count too (grimp reads them all).
"""

from __future__ import annotations

from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class AcyclicAreasContract(Contract):
    type_name = "acyclic_areas"

    root = fields.StringField()
    areas = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        root = str(self.root)
        areas = [str(area) for area in self.areas]  # type: ignore[attr-defined]
        edges: dict[str, dict[str, tuple[str, str]]] = {a: {} for a in areas}
        for area in areas:
            package = f"{root}.{area}"
            for module in graph.find_descendants(package) | {package}:
                for imported in graph.find_modules_directly_imported_by(module):
                    parts = imported.split(".")
                    inside = len(parts) > 1 and parts[0] == root and parts[1] in edges
                    if inside and parts[1] != area:
                        edges[area].setdefault(parts[1], (module, imported))
        cycles = _cycles(edges)
        return ContractCheck(kept=not cycles, warnings=[], metadata={"cycles": cycles})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(" -> ".join(area for area, _ in cycle) + f" -> {cycle[0][0]}")
            for _area, (importer, imported) in cycle:
                output.print_error(f"    {importer} imports {imported}")
            output.new_line()


def _cycles(edges: dict[str, dict[str, tuple[str, str]]]) -> list[list[tuple[str, tuple]]]:
    """One example cycle through each strongly connected group of areas."""
    found: list[list[tuple[str, tuple]]] = []
    seen_groups: set[frozenset[str]] = set()
    for start in sorted(edges):
        path = _path_back(edges, start)
        if path and frozenset(a for a, _ in path) not in seen_groups:
            seen_groups.add(frozenset(a for a, _ in path))
            found.append(path)
    return found


def _path_back(edges, start: str) -> list[tuple[str, tuple]] | None:
    """The shortest cycle from `start` back to itself, as (area, example import) steps."""
    frontier = [[(start, edges[start][nxt]), (nxt, None)] for nxt in sorted(edges[start])]
    visited = {start}
    while frontier:
        grown = []
        for path in frontier:
            last = path[-1][0]
            if last == start:
                return [(a, e) for a, e in path[:-1]]
            if last in visited:
                continue
            visited.add(last)
            for nxt in sorted(edges[last]):
                grown.append([*path[:-1], (last, edges[last][nxt]), (nxt, None)])
        frontier = grown
    return None
