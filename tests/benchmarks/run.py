"""Run every benchmark (tests/benchmarks/bench_*.py) and print its report lines.

Each module has run() -> list[str]. Targets are ratios against a bare baseline measured in the
same run, so the numbers mean the same on a fast or a slow machine.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    sys.path.insert(0, str(HERE.parents[1]))
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        print(f"== {path.stem}")
        try:
            for line in module.run():
                print(f"   {line}")
        except Exception as exc:  # report and go on with the others
            failed += 1
            print(f"   FAILED: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
