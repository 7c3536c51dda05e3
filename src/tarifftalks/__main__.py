import sys

from tarifftalks.cli import main

sys.exit(main())
