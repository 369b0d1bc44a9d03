"""Command line: python -m logframe status | validate | generate ..."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from logframe import ROOT


def _status(args) -> int:
    from logframe.assessments import assess_all, select_indicators
    from logframe.extracts import take_snapshot
    from logframe.registry import load_registry

    registry = load_registry()
    if args.area and args.area not in registry.areas:
        print(f"unknown area code {args.area!r}; known: {', '.join(registry.areas)}", file=sys.stderr)
        return 2
    if args.outcome and args.outcome not in registry.outcomes:
        print(f"unknown shared outcome {args.outcome!r}; known: {', '.join(registry.outcomes)}", file=sys.stderr)
        return 2
    try:
        indicators = select_indicators(registry, outcome=args.outcome, indicator=args.indicator)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    snapshot = take_snapshot(registry=registry)
    for bad in snapshot.rejected:
        print(f"skipped {bad.path}: {'; '.join(p.message for p in bad.problems)}", file=sys.stderr)
    rows = assess_all(registry, snapshot, indicators, [args.area] if args.area else None)
    if args.json:
        json.dump(rows, sys.stdout, indent=2, default=str)
        print()
    else:
        from logframe.trajectory import STATUS_LABEL, format_value
        for r in rows:
            ind = registry.indicators[r["indicator_id"]]
            print(f"{STATUS_LABEL[r['status']]:<15} {r['indicator_id']:<45} {registry.area_name(r['area_code']):<22} "
                  f"{r['period'] or '-':<10} {format_value(ind.unit, r['value'])}")
    return 0


def _generate(args) -> int:
    from logframe.demo import write_illustrative
    from logframe.oflog import write_oflog
    from logframe.registry import load_registry

    registry = load_registry()
    out = Path(args.out)
    for path in write_illustrative(registry, out / "illustrative", seed=args.seed) + [write_oflog(registry, out / "real")]:
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m logframe", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("status", help="status of every indicator and area against its trajectory")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--area", help="ONS area code, e.g. E10000016")
    p.add_argument("--outcome", help="shared outcome, SO1 to SO6")
    p.add_argument("--indicator", help="indicator id")
    p.set_defaults(func=_status)

    p = sub.add_parser("generate", help="(re)write the embedded default extracts")
    p.add_argument("--out", default=str(ROOT / "data" / "extracts"))
    p.add_argument("--seed", type=int, default=2025)
    p.set_defaults(func=_generate)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
