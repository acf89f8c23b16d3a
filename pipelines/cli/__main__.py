"""``python -m pipelines.cli``: the same as the ``pccc`` command."""

import sys

from pipelines.cli import main

sys.exit(main())
