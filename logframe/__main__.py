"""Command line: python -m logframe status | validate | generate ..."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from logframe import ROOT


def _filters_known(registry, args) -> bool:
    """Whether --area and --outcome name things the registry knows; says what is wrong if not."""
    if args.area and args.area not in registry.areas:
        print(f"unknown area code {args.area!r}; known: {', '.join(registry.areas)}", file=sys.stderr)
        return False
    if args.outcome and args.outcome not in registry.outcomes:
        print(f"unknown shared outcome {args.outcome!r}; known: {', '.join(registry.outcomes)}", file=sys.stderr)
        return False
    return True


def _status(args) -> int:
    from logframe.assessments import assess_all, select_indicators
    from logframe.extracts import registry_for, take_snapshot

    registry = registry_for()
    if not _filters_known(registry, args):
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


def _validate(args) -> int:
    from logframe.extracts import registry_for, snapshot_of
    from logframe.validate import describe_report

    registry = registry_for()
    files: list[Path] = []
    missing = []
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(path.rglob("*.parquet"))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    for raw in missing:
        print(f"REJECTED {raw}\n  - no such file or folder")
    snap = snapshot_of(files, registry)
    for report in snap.reports:
        print(describe_report(report))
    conflicts = snap.run("conflicts") if len(snap.valid) > 1 else None
    if conflicts is not None and len(conflicts):
        print(f"\n{len(conflicts)} indicator x area x period key(s) are in more than one file with different values; "
              "the most recently modified file wins:")
        for c in conflicts.head(20).itertuples(index=False):
            print(f"  - {c.indicator_id} / {c.area_code} / {c.period}: {c.winning_file} ({c.winning_value}) wins over "
                  f"{', '.join(f for f in c.files if f != c.winning_file)}")
    bad = len(snap.rejected) + len(missing)
    print(f"\n{len(snap.valid)} file(s) valid, {bad} rejected.")
    return 1 if bad or not files and not missing else 0


def _generate(args) -> int:
    from logframe.demo import write_illustrative
    from logframe.oflog import write_oflog
    from logframe.registry import load_registry

    registry = load_registry()
    out = Path(args.out)
    for path in write_illustrative(registry, out / "illustrative", seed=args.seed) + [write_oflog(registry, out / "real")]:
        print(path)
    return 0


def _demo_data(args) -> int:
    from logframe.registry import load_registry
    from logframe.scale import write_scale

    try:
        paths = write_scale(load_registry(), Path(args.out), args.indicators, args.areas, args.periods, args.seed,
                            layout=args.layout, parts=args.parts)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{len(paths)} file(s), {args.indicators * args.areas * args.periods} rows, under {args.out}"
          + (" (and a revision file on top)" if args.layout == "revision" else ""))
    return 0


def _boardpack(args) -> int:
    from logframe import boardpack
    from logframe.extracts import registry_for, take_snapshot

    registry = registry_for()
    if not _filters_known(registry, args):
        return 2
    previous = None
    if args.previous:
        try:
            previous = Path(args.previous).read_text(encoding="utf-8")
            boardpack.read_previous(previous)
        except (OSError, ValueError) as exc:
            print(f"--previous {args.previous}: {exc}", file=sys.stderr)
            return 2
    snapshot = take_snapshot(registry=registry)
    for bad in snapshot.rejected:
        print(f"skipped {bad.path}: {'; '.join(p.message for p in bad.problems)}", file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(boardpack.build_boardpack(registry, snapshot, args.area, args.outcome, previous), encoding="utf-8")
    print(out)
    if args.pdf:
        try:
            print(boardpack.print_pdf(out, Path(args.pdf)))
        except boardpack.PdfError as exc:
            print(f"no PDF: {exc}", file=sys.stderr)
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    from logframe.scale import LAYOUT_HELP, LAYOUTS
    parser = argparse.ArgumentParser(prog="python -m logframe", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("status", help="status of every indicator and area against its trajectory")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--area", help="ONS area code, e.g. E10000016")
    p.add_argument("--outcome", help="shared outcome, SO1 to SO6")
    p.add_argument("--indicator", help="indicator id")
    p.set_defaults(func=_status)

    p = sub.add_parser("validate", help="check extract files (or folders of them) against the contract")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=_validate)

    p = sub.add_parser("generate", help="(re)write the embedded default extracts")
    p.add_argument("--out", default=str(ROOT / "data" / "extracts"))
    p.add_argument("--seed", type=int, default=2025)
    p.set_defaults(func=_generate)

    p = sub.add_parser("demo-data", help="write illustrative extracts of any size (indicators x areas x months)")
    p.add_argument("--out", required=True, help="folder to write (point LOGFRAME_EXTRACTS_DIR at it)")
    p.add_argument("--indicators", type=int, default=17)
    p.add_argument("--areas", type=int, default=17, help="beyond the registry's, made-up neighbourhoods in areas.csv")
    p.add_argument("--periods", type=int, default=36, help="months, ending March 2025")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--layout", choices=LAYOUTS, default="indicator-year",
                   help="how the rows are split into files: " + "; ".join(f"{k}: {v}" for k, v in LAYOUT_HELP.items()))
    p.add_argument("--parts", type=int, default=4, help="how many large extracts the area and period layouts write")
    p.set_defaults(func=_demo_data)

    p = sub.add_parser("boardpack", help="write the board pack: one self-contained HTML file (and a PDF)")
    p.add_argument("--out", required=True, metavar="FILE.html", help="the HTML pack to write")
    p.add_argument("--area", help="ONS area code to judge every indicator in (default: each one's own geography)")
    p.add_argument("--outcome", help="shared outcome, SO1 to SO6 (default: all)")
    p.add_argument("--previous", metavar="OLD.html", help="an earlier pack: report each status change since it")
    p.add_argument("--pdf", metavar="FILE.pdf", help="also print the pack to an A4 PDF (needs chromium)")
    p.set_defaults(func=_boardpack)

    args = parser.parse_args(argv)
    from logframe.config import ConfigError, configure_logging
    configure_logging()
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"configuration: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
