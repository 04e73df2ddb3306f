"""Figures the trust checks measure, collected for ``make trust`` to print at the end.

Each check calls ``record("section", name=value, ...)``; with ``TRUST_FIGURES`` set to a file, the
figures are appended to it as one JSON object a line (``tests.trust.report`` reads them back).
Without it, nothing is written, so a plain ``pytest`` run leaves no files behind.
"""

import json
import os
import time


def record(section: str, **figures) -> None:
    path = os.environ.get("TRUST_FIGURES")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as file:
        file.write(json.dumps({"section": section, "at": time.time(), **figures}) + "\n")
