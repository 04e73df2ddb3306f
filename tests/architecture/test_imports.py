"""The import-loop finder behind ``make lint`` finds loops, including ones hidden inside functions."""

from tests.architecture.imports import cycles, edges, modules, task_runs_service


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def loops(root) -> list[list[str]]:
    known = modules(root, packages=("app",))
    return cycles([edge for edge in edges(known) if not task_runs_service(edge)])


def test_a_loop_through_an_import_inside_a_function_is_found(tmp_path):
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/services.py": "from app.selectors import visible\n",
            "app/selectors.py": "def visible():\n    from app import services\n    return services\n",
            "app/models.py": "",
        },
    )
    assert loops(tmp_path) == [["app.selectors", "app.services"]]


def test_relative_imports_and_packages_are_followed_round_a_longer_loop(tmp_path):
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models/__init__.py": "from .households import Household\n",
            "app/models/households.py": "from app.search import words\n",
            "app/search.py": "from app import forms\n",
            "app/forms.py": "from app.models import Household\n",
        },
    )
    assert loops(tmp_path) == [["app.forms", "app.models", "app.models.households", "app.search"]]


def test_a_task_importing_its_service_inside_the_task_is_the_one_exception(tmp_path):
    files = {
        "app/__init__.py": "",
        "app/tasks.py": "def send(pk):\n    from app.services import send\n    return send(pk)\n",
        "app/services.py": "from app.tasks import send\n",
    }
    write(tmp_path, files)
    assert loops(tmp_path) == []

    # The same import at the top of the tasks module is a loop like any other.
    write(tmp_path, {"app/tasks.py": "from app.services import send\n"})
    assert loops(tmp_path) == [["app.services", "app.tasks"]]


def test_modules_without_loops_pass(tmp_path):
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": "",
            "app/selectors.py": "from app.models import *\n",
            "app/views.py": "from . import selectors\nfrom .models import Household\n",
        },
    )
    assert loops(tmp_path) == []


def test_no_module_of_the_product_is_over_600_lines():
    """Big modules mix concerns; the demo's content and drawings are data, not code."""
    from tests.architecture.imports import ROOT

    exempt = {"website/demo/content.py", "website/demo/images.py"}
    long = {
        name: lines
        for name, path in modules().items()
        if str(path.relative_to(ROOT)) not in exempt and (lines := len(path.read_text().splitlines())) > 600
    }
    assert long == {}


def test_the_project_has_no_import_loop():
    from tests.architecture.imports import project_cycles

    assert project_cycles() == []
