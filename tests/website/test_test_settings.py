"""The test settings clean up after themselves: no scratch folder per import, none left at the end."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from tests.conftest import media_folders_remove

ROOT = Path(__file__).resolve().parents[2]


def scratch_folders() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob(f"{settings.TEST_MEDIA_PREFIX}*")}


def test_importing_the_test_settings_makes_no_folder():
    before = scratch_folders()
    for _ in range(3):
        subprocess.run(
            [sys.executable, "-c", "import website.settings.test"],
            cwd=ROOT,
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test"},
        )
    assert scratch_folders() - before == set()


def test_the_media_folder_is_named_after_the_process():
    assert Path(settings.MEDIA_ROOT).name == f"{settings.TEST_MEDIA_PREFIX}{os.getpid()}"


def test_the_run_removes_its_own_folder_and_those_of_killed_runs(tmp_path):
    prefix = "apse-test-media-"
    own = tmp_path / f"{prefix}{os.getpid()}"
    (own / "images").mkdir(parents=True)
    (own / "images" / "a.jpg").write_bytes(b"x")
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    killed = tmp_path / f"{prefix}{finished.pid}"
    killed.mkdir()
    running = tmp_path / f"{prefix}{os.getppid()}"
    running.mkdir()
    other = tmp_path / f"{prefix}not-a-pid"
    other.mkdir()

    removed = media_folders_remove(folder=own, prefix=prefix)

    assert set(removed) == {own, killed}
    assert not own.exists() and not killed.exists()
    assert running.exists() and other.exists()
