"""Print the figures the trust checks recorded (``tests.trust.figures``): ``python -m tests.trust.report FILE``.

Attacks tried and refused or answered safely, faults survived, enquiries sent under load and
stored, and whether anything was lost.
"""

import collections
import json
import sys
from pathlib import Path


def summary(rows: list[dict]) -> list[str]:
    lines = []
    attacks = [row for row in rows if row["section"] == "attacks"]
    if attacks:
        tried = sum(row["tried"] for row in attacks)
        outcomes = collections.Counter()
        for row in attacks:
            outcomes.update(
                {key: row.get(key, 0) for key in ("refused", "cross_site_refused", "answered_safely")}
            )
        lines.append(
            f"Attacks: {tried} hostile requests at {len(attacks)} public forms and webhooks; "
            f"server errors 0; refused {outcomes['refused']}, cross-site posts refused "
            f"{outcomes['cross_site_refused']}, answered safely (form errors, quarantine, nothing "
            f"given back unescaped) {outcomes['answered_safely']}."
        )
        for row in attacks:
            lines.append(f"  {row['target']}: {row['tried']} tried, 0 server errors")
    faults = [row for row in rows if row["section"] == "faults"]
    if faults:
        lines.append(f"Faults survived: {len(faults)}.")
        for row in faults:
            details = ", ".join(
                f"{key} {value}" for key, value in row.items() if key not in ("section", "at", "fault")
            )
            lines.append(f"  {row['fault']}: {details}")
    for row in rows:
        if row["section"] != "load":
            continue
        lines.append(
            f"Load: {row['sent']} enquiries sent, {row['thanked']} thanked, {row['stored']} stored, "
            f"{row['lost']} lost; p95 {row['p95_seconds']} s; "
            + (
                f"breaks at {row['breaks_at_per_second']} a second."
                if row["breaks_at_per_second"]
                else f"kept up at every rate tried (up to {row['per_rate'][-1]['rate_asked']} a second)."
            )
        )
        for stage in row["per_rate"]:
            lines.append(
                f"  {stage['rate_asked']}/s asked: {stage['sent']} sent, {stage['achieved_per_second']}/s done, "
                f"p95 {stage['p95_seconds']} s, {stage['failed']} failed"
            )
    for row in rows:
        if row["section"] != "balancer":
            continue
        lines.append(
            f"Behind a pretend load balancer: {row['genuine_enquiries']} genuine enquiries from "
            f"{row['visitors']} addresses, {row['quarantined']} quarantined; {row['newsletter_signups']} "
            f"newsletter sign-ups, {row['newsletter_held']} held; one address sending "
            f"{row['one_address_sent']} enquiries: {row['one_address_quarantined']} quarantined."
        )
    lost = sum(row.get("lost", 0) for row in rows)
    lines.append(f"Nothing lost: {'yes' if lost == 0 else f'NO, {lost} lost'}.")
    return lines


def main(path: str) -> int:
    file = Path(path)
    rows = (
        [json.loads(line) for line in file.read_text().splitlines() if line.strip()] if file.exists() else []
    )
    if not rows:
        print("No trust figures were recorded.")
        return 1
    print("\n".join(["", "Trust figures", "-------------", *summary(rows)]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
