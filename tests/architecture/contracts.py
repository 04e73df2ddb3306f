"""Two contract types import-linter lacks, used by the contracts in ``pyproject.toml``.

- ``only_through``: the modules of one package may import another package only through the
  entrances it names (campaigns reads the CRM through its models, selectors, services, signals and
  journey table, and nothing else), so a new module in the CRM is private until it is named.
- ``acyclic``: no two modules of the project import each other, directly or round a loop, counting
  imports inside functions (``tests.architecture.imports``), except a tasks module importing,
  inside a task, the service it runs.
"""

from importlinter import Contract, ContractCheck, fields, output

from tests.architecture.imports import project_cycles


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


class OnlyThroughContract(Contract):
    type_name = "only_through"

    importers = fields.ListField(subfield=fields.ModuleField())
    package = fields.ModuleField()
    entrances = fields.ListField(subfield=fields.ModuleField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        package = self.package.name
        entrances = [module.name for module in self.entrances]
        broken = []
        for importer in self.importers:
            for module in sorted({importer.name} | graph.find_descendants(importer.name)):
                for imported in sorted(graph.find_modules_directly_imported_by(module)):
                    if not _inside(imported, package):
                        continue
                    if any(_inside(imported, entrance) for entrance in entrances):
                        continue
                    lines = graph.get_import_details(importer=module, imported=imported)
                    broken.append((module, imported, [line["line_number"] for line in lines]))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        entrances = ", ".join(module.name for module in self.entrances)
        for module, imported, lines in check.metadata["broken"]:
            where = ", ".join(f"l.{line}" for line in lines)
            output.print_error(f"{module} imports {imported} ({where}): use {entrances}")
            output.new_line()


class AcyclicContract(Contract):
    type_name = "acyclic"

    def check(self, graph, verbose: bool) -> ContractCheck:
        loops = project_cycles()
        return ContractCheck(kept=not loops, metadata={"loops": loops})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for group in check.metadata["loops"]:
            output.print_error("These modules import one another: " + ", ".join(group))
            output.new_line()
