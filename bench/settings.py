"""Production settings, served on loopback by the bench: its URLs add the trivial view."""

from cornouaille.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

import os  # noqa: E402

STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT  # noqa: F405

# The bench measures the open-data API's pages, not its rate limit.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
