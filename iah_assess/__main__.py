"""`python -m iah_assess`: the same as the `iah-assess` command."""

import sys

from iah_assess.cli import main

sys.exit(main())
