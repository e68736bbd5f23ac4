"""``python -m failover_components``: the same command line as ``failover-components``."""

import sys

from .cli import main

sys.exit(main())
