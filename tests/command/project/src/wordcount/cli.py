"""``wordcount [--upper] [--min N] [FILE...]``: counts the words of stdin or of FILEs.

``--spin`` (loop for ever), ``--nap SECONDS`` (sleep first) and ``--hog MB`` (hold MB of
memory) are for the tests of a host's Ctrl-C, timeouts and memory limit.

Exit status 0 when at least N words were counted (default 1), else 1; a file that cannot be
read prints an error and exits with 2 (seen as 1 through WASI 0.2).
"""

import argparse
import sys
import time

from wordcount.counting import count


def main() -> int:
    parser = argparse.ArgumentParser(prog="wordcount")
    parser.add_argument("--upper", action="store_true", help="print the text upper-cased")
    parser.add_argument("--min", type=int, default=1, help="fewest words for success")
    parser.add_argument("--spin", action="store_true", help="loop for ever")
    parser.add_argument("--nap", type=float, default=0.0, help="seconds to sleep first")
    parser.add_argument("--hog", type=int, default=0, help="MiB of memory to hold")
    parser.add_argument("files", nargs="*")
    options = parser.parse_args()
    if options.spin:
        print("spinning", flush=True)
        while True:
            pass
    time.sleep(options.nap)
    held = [bytearray(1 << 20) for _ in range(options.hog)]
    texts = []
    for name in options.files:
        try:
            with open(name, encoding="utf-8") as f:  # noqa: PTH123 (a CLI reads files so)
                texts.append(f.read())
        except OSError as exc:
            print(f"wordcount: {name}: {exc.strerror}", file=sys.stderr)
            return 2
    if not options.files:
        texts.append(sys.stdin.read())
    words = sum(count(t) for t in texts)
    if options.upper:
        print(" ".join(texts).upper().strip())
    print(f"{words} words" + (f", {len(held)} MiB held" if held else ""))
    return 0 if words >= options.min else 1
