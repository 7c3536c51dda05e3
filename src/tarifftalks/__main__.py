import os
import sys

from tarifftalks.cli import main

code = main()
# Every output is written and closed by now. Tearing the interpreter down (pandas, matplotlib, WeasyPrint,
# pandera each free their objects and caches) would add about half a second to each run and write nothing.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
