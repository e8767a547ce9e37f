"""Run every benchmark: `python -m benchmarks [name ...]`
(names: resolve, load, export, scrub, app_scale, publish)."""

from __future__ import annotations

import importlib
import sys

ALL = ("resolve", "load", "export", "scrub", "app_scale", "publish")


def main(argv: list[str]) -> int:
    names = argv or list(ALL)
    for name in names:
        try:
            module = importlib.import_module(f"benchmarks.bench_{name}")
        except ModuleNotFoundError as err:
            if err.name == f"benchmarks.bench_{name}":
                print(f"== {name}: not present, skipped")
                continue
            raise
        module.run()
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
