"""What every app's `demo.py` shares with `manage.py seed_demo` (which lives here, in core).

An app takes part by shipping `demo.py` with `seed_demo_data(**options) -> list[str]` (lines
for the summary) and, optionally, `DEMO_HELP` (a paragraph for `seed_demo --help`). The command
discovers them in INSTALLED_APPS order, so core never imports the apps above it.
"""


class DemoDataError(Exception):
    """The reference data the demo relies on is missing: the command says so and stops."""
