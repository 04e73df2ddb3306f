"""What each case of ``make bench`` is held to, and the verdict on a row of figures."""

# The targets, as ratios to the baseline's requests a second, and the time limits.
CACHED_RATIO = 0.5
# A goal to meet, and the aim beyond it (reported, not judged).
BYPASSED_RATIO, BYPASSED_AIM = 0.05, 0.15
ENQUIRY_RATIO, ENQUIRY_AIM = 0.02, 0.05
ENQUIRY_P99_MS = 250
CRM_P95_MS = 150
MAX_QUERIES = 12


def judged(problems: list[str], ratio: float, aim: float) -> str:
    said = "met" if not problems else "missed: " + ", ".join(problems)
    if ratio < aim:
        said += f" (aim {aim} ×: {aim / ratio:.1f}× short)" if ratio else f" (aim {aim} ×)"
    return said


def verdict(row: dict, baseline_rps: float) -> str:
    ratio = row["rps"] / baseline_rps if baseline_rps else 0
    kind = row["kind"]
    if kind == "cached":
        return "met" if ratio >= CACHED_RATIO else f"missed: {ratio:.2f} < {CACHED_RATIO}"
    if kind == "bypassed":
        problems = []
        if ratio < BYPASSED_RATIO:
            problems.append(f"{ratio:.2f} < {BYPASSED_RATIO}")
        if row["queries_per_request"] > MAX_QUERIES:
            problems.append(f"{row['queries_per_request']:.0f} queries > {MAX_QUERIES}")
        return judged(problems, ratio, BYPASSED_AIM)
    if kind == "enquiry":
        problems = []
        if ratio < ENQUIRY_RATIO:
            problems.append(f"{ratio:.2f} < {ENQUIRY_RATIO}")
        if row["p99"] >= ENQUIRY_P99_MS:
            problems.append(f"p99 {row['p99']:.0f} ms ≥ {ENQUIRY_P99_MS}")
        return judged(problems, ratio, ENQUIRY_AIM)
    if kind == "crm":
        return "met" if row["p95"] < CRM_P95_MS else f"missed: p95 {row['p95']:.0f} ms ≥ {CRM_P95_MS}"
    if kind == "publish":
        from bench.publish import verdict as publish_verdict

        return publish_verdict(row)
    return ""
