"""What ``make bench`` adds to the site, switched on by ``BENCH_MODE`` only (website/settings/base.py)."""
