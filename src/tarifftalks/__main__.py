import os
import signal
import sys


def _stopped_early(signum, _frame):  # Ctrl-C or SIGTERM while Python loads the command: one line, no traceback
    sys.stderr.write(f"interrupted ({signal.Signals(signum).name}): stopped, nothing written\n")
    os._exit(128 + signum)


for _sig in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_sig, _stopped_early)

from tarifftalks.cli import main  # noqa: E402

code = main()
# Every output is written and closed by now. Tearing the interpreter down (pandas, matplotlib, WeasyPrint,
# pandera each free their objects and caches) would add about half a second to each run and write nothing.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
