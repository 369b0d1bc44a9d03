"""Command line: python -m logframe status | breakdowns | validate | generate ..."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logframe import ROOT

if TYPE_CHECKING:
    from logframe.registry import Registry


def _folder_usable() -> bool:
    """Whether the extracts folder can be read; says in one line what is wrong if not (the command then exits 2 and
    writes nothing: a missing share must never read as 'no data')."""
    from logframe import present
    from logframe.extracts import folder_problem
    problem = folder_problem()
    if problem is not None:
        print(present.folder_problem_text(problem, show_path=True), file=sys.stderr)
        return False
    return True


def _filters_known(registry: Registry, args: argparse.Namespace) -> bool:
    """Whether --area, --outcome and --directorate name what the dashboard offers (an area by its code or its name);
    says what is wrong if not."""
    from logframe.filters import area_options
    areas = area_options(registry)
    if args.area:
        code = registry.area_code_for(args.area)
        if code not in areas:
            known = ", ".join(f"{c} ({registry.area_name(c)})" for c in areas)
            print(f"unknown area {args.area!r}; give a code or name of one of: {known}", file=sys.stderr)
            return False
        args.area = code
    if args.outcome and args.outcome not in registry.outcomes:
        print(f"unknown shared outcome {args.outcome!r}; known: {', '.join(registry.outcomes)}", file=sys.stderr)
        return False
    if getattr(args, "directorate", None) and args.directorate not in registry.directorates():
        print(f"unknown directorate {args.directorate!r}; known: {', '.join(registry.directorates())}",
              file=sys.stderr)
        return False
    return True


def _status(args: argparse.Namespace) -> int:
    from logframe import present
    from logframe.assessments import assess
    from logframe.extracts import registry_for, take_snapshot

    registry = registry_for()
    if not _filters_known(registry, args) or not _folder_usable():
        return 2
    if args.indicator and args.indicator not in registry.indicators:
        print(f"no indicator {args.indicator!r} in the registry", file=sys.stderr)
        return 2
    snapshot = take_snapshot(registry=registry)
    for bad in snapshot.rejected:
        print(f"skipped {snapshot.relative(bad.path)}: {'; '.join(p.message for p in bad.problems)}", file=sys.stderr)
    rows = assess(registry, snapshot, args.area or registry.partnership, args.outcome, args.directorate, args.indicator)
    if args.json:
        notes = _commentary(rows)
        out = []
        for a in rows:
            record = present.status_record(registry.indicators[a.indicator_id], registry, a, snapshot.relative)
            note = notes.get((a.indicator_id, a.area_code))
            record["commentary"] = note.as_json() if note is not None else None
            out.append(record)
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        for a in rows:
            ind = registry.indicators[a.indicator_id]
            print(f"{present.STATUS_LABEL[a.status]:<15} {a.indicator_id:<45} {registry.area_name(a.area_code):<22} "
                  f"{present.period_text(a.period) or '-':<14} {present.format_value(ind.unit, a.value)}")
    return 0


def _breakdowns(args: argparse.Namespace) -> int | None:  # type: ignore[return]
    from logframe import inequality, present
    from logframe.assessments import observations
    from logframe.extracts import registry_for, take_snapshot
    from logframe.methods import area_series

    registry = registry_for()
    if args.indicator not in registry.indicators:
        print(f"no indicator {args.indicator!r} in the registry", file=sys.stderr)
        return 2
    code = registry.area_code_for(args.area)
    if code is None:
        print(f"unknown area {args.area!r}; give a code or name of one of: {', '.join(registry.areas)}",
              file=sys.stderr)
        return 2
    args.area = code
    if not _folder_usable():
        return 2
    ind = registry.indicators[args.indicator]
    snapshot = take_snapshot(registry=registry)
    for bad in snapshot.rejected:
        print(f"skipped {snapshot.relative(bad.path)}: {'; '.join(p.message for p in bad.problems)}", file=sys.stderr)
    rows = snapshot.run("breakdowns", indicator_id=ind.id, area_codes=[args.area])
    overall = area_series(observations(snapshot, [ind.id], [args.area]), args.area)
    found = inequality.inequalities(ind, rows, overall, args.area)
    out = present.inequality_report(found)
    for r in out["rows"]:
        r["source_file"] = snapshot.relative(r["source_file"]) or None
    if args.json:
        json.dump({"indicator_id": ind.id, "area_name": registry.area_name(args.area), **out}, sys.stdout, indent=2,
                  default=str)
        print()
        return 0
    name = registry.area_name(args.area)
    if not out["rows"]:
        print(f"No breakdown rows for {ind.id} in {name}.")
    for g in found.groups:
        print(present.group_text(ind, g, name))
    for gap in found.gaps:
        print(present.gap_text(ind, gap))
    for finding in found.sii:
        print(present.sii_text(ind, finding))
def _commentary(rows: Any) -> dict[Any, Any]:
    """The latest owners' commentary for each row's indicator and area (logframe.commentary), or none, with a
    warning, when the database cannot be read."""
    from logframe import commentary, state
    try:
        versions = state.store().versions({a.indicator_id for a in rows})
    except state.StateError as exc:
        print(f"commentary not shown: {exc}", file=sys.stderr)
        return {}
    return commentary.latest_by_key(versions, {(a.indicator_id, a.area_code): a.period for a in rows})


def _comments(args: argparse.Namespace) -> int:
    """comments import FILE.csv | comments export --out FILE.csv"""
    import getpass

    from logframe import state
    from logframe.extracts import registry_for

    target = state.store()
    try:
        if args.action == "export":
            out = Path(args.out)
            if out.is_dir():
                print(f"--out {args.out}: is a folder; give the file to write", file=sys.stderr)
                return 2
            n = state.export_csv(out, target)
            print(f"{out}: {n} version(s) of commentary, oldest first")
            return 0
        path = Path(args.file)
        if not path.is_file():
            print(f"{args.file}: no such file", file=sys.stderr)
            return 2
        added, skipped = state.import_csv(path, registry_for(), f"import by {getpass.getuser()} (command line)",
                                          target)
    except state.ImportRejected as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    except (state.StateError, OSError) as exc:
        print(f"comments {args.action}: {exc}", file=sys.stderr)
        return 2
    print(f"{path}: {added} version(s) added to {target.where}" + (f"; {skipped} already there, not added again"
                                                                    if skipped else ""))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from logframe.extracts import extra_areas_file, extracts_dir, files_under, registry_for, snapshot_of
    from logframe.registry import EXTRA_AREAS_FILE
    from logframe.validate import describe_report

    if not args.paths:  # the folder the dashboard reads
        if not _folder_usable():
            return 2
        args.paths = [str(extracts_dir())]

    # A folder's areas.csv names the areas its extracts use beyond the registry's, as it does for the dashboard
    # reading that folder: the first folder given that has one, otherwise the configured extracts folder's.
    areas_from = next((Path(p) for p in args.paths if Path(p).is_dir() and extra_areas_file(Path(p))), None)
    registry = registry_for(areas_from)
    if areas_from is not None:
        print(f"Areas beyond the registry's: {areas_from / EXTRA_AREAS_FILE}")
    files: list[Path] = []
    missing = []
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(Path(p) for p, _ in files_under(str(path)))
            files += [f for f in found if f != path / EXTRA_AREAS_FILE]  # read with the registry, not an extract
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    for raw in missing:
        print(f"REJECTED {raw}\n  - no such file or folder")
    snap = snapshot_of(files, registry)
    if snap.valid and snap.find_unreadable_together():  # read with the others, a file failed: now rejected by name
        snap = snapshot_of(files, registry)
    conflicts = snap.run("conflicts") if len(snap.valid) > 1 else None
    for report in snap.reports:
        print(describe_report(report))
    recognised = snap.nothing_used
    if conflicts is not None and len(conflicts):
        print(f"\n{len(conflicts)} indicator x area x period key(s) are in more than one file with different values; "
              "the most recently modified file wins:")
        for c in conflicts.head(20).itertuples(index=False):
            print(f"  - {c.indicator_id} / {c.area_code} / {c.period}: {c.winning_file} ({c.winning_value}) wins over "
                  f"{', '.join(f for f in c.files if f != c.winning_file)}")
    bad = len(snap.rejected) + len(missing)
    extracts = len(snap.valid) + len(snap.rejected)
    print(f"\n{len(snap.valid)} file(s) valid, {bad} rejected, {len(recognised)} recognised with nothing to use, "
          f"{len(snap.not_extracts)} not an extract.")
    if not extracts and not recognised and not missing:
        print("No extract was found: give Parquet or CSV files (the contract's columns, or a Fingertips, ASCOF or "
              "ONS download), or a folder that holds them.")
    return 1 if bad or not (extracts or recognised) else 0


def _generate(args: argparse.Namespace) -> int:
    from logframe.demo import write_illustrative
    from logframe.oflog import write_oflog
    from logframe.real import BuildError, indicators_in, write_real
    from logframe.registry import load_registry

    registry = load_registry()
    out = Path(args.out)
    try:
        real = [write_oflog(registry, out / "real")] + write_real(registry, out / "real")
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    # Made-up figures only where there are no real ones: they never share an indicator.
    illustrative = write_illustrative(registry, out / "illustrative", seed=args.seed, skip=indicators_in(real))
    for path in real + illustrative:
        print(path)
    return 0


def _demo_data(args: argparse.Namespace) -> int:
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


def _boardpack(args: argparse.Namespace) -> int:
    from logframe import boardpack, pdf
    from logframe.extracts import registry_for, take_snapshot

    registry = registry_for()
    if not _filters_known(registry, args) or not _folder_usable():
        return 2
    out = Path(args.out)
    if out.is_dir() or args.out.endswith(("/", "\\")):
        print(f"--out {args.out}: is a folder; give the file to write, e.g. {Path(args.out) / 'pack.html'}",
              file=sys.stderr)
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
        print(f"skipped {snapshot.relative(bad.path)}: {'; '.join(p.message for p in bad.problems)}", file=sys.stderr)
    html = boardpack.build_boardpack(registry, snapshot, args.area or registry.partnership, args.outcome, args.directorate, previous)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        print(f"--out {args.out}: cannot write it ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(out)
    if args.pdf:
        try:
            print(pdf.print_pdf(out, Path(args.pdf)))
        except pdf.PdfError as exc:
            print(f"no PDF: {exc}", file=sys.stderr)
            return 1
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from logframe.extracts import extracts_dir, registry_for
    from logframe.fetch import FetchError, fetch_fingertips

    out = Path(args.out) if args.out else extracts_dir()
    try:
        done = fetch_fingertips(registry_for(), out, api=args.api)
    except FetchError as exc:
        print(f"fetch fingertips: {exc}", file=sys.stderr)
        return 1
    print(f"{done.path}: {done.rows} row(s) for the registry's areas (its councils, districts and nation)")
    for fid, n in done.by_indicator.items():
        print(f"  indicator {fid}: {n} row(s)")
    if done.missing:
        print(f"  nothing published for: {', '.join(map(str, done.missing))}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from logframe.scale import LAYOUT_HELP, LAYOUTS
    parser = argparse.ArgumentParser(prog="python -m logframe", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("status", help="each indicator's status, judged as the Overview judges it for an area")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--area", help="area of the view, by ONS code or name (default: the registry's whole area)")
    p.add_argument("--outcome", help="shared outcome, SO1 to SO6")
    p.add_argument("--directorate", help="directorate, e.g. 'Public Health'")
    p.add_argument("--indicator", help="indicator id")
    p.set_defaults(func=_status)

    p = sub.add_parser("breakdowns", help="an indicator's figures by group (sex, age, deprivation ...) in an area, "
                                          "each compared with the area's own, and the SII and RII where they apply")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.add_argument("--indicator", required=True, help="indicator id")
    p.add_argument("--area", required=True, help="area, by its code or name in the registry's areas.csv")
    p.set_defaults(func=_breakdowns)

    p = sub.add_parser("validate", help="check extract files (or folders of them) against the contract; no PATH: the "
                                       "extracts folder the dashboard reads")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.set_defaults(func=_validate)

    p = sub.add_parser("generate", help="(re)write the embedded default extracts: real from data/reference, "
                                       "illustrative for the rest")
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
    p.add_argument("--area", help="area of the view, by ONS code or name, as on the Overview (default: the registry's "
                                  "whole area)")
    p.add_argument("--outcome", help="shared outcome, SO1 to SO6 (default: all)")
    p.add_argument("--directorate", help="directorate, e.g. 'Public Health' (default: all)")
    p.add_argument("--previous", metavar="OLD.html", help="an earlier pack: report each status change since it")
    p.add_argument("--pdf", metavar="FILE.pdf", help="also print the pack to an A4 PDF (needs chromium)")
    p.set_defaults(func=_boardpack)

    p = sub.add_parser("fetch", help="download published figures into the extracts folder (needs internet access)")
    p.add_argument("source", choices=["fingertips"], help="where from: the public Fingertips API")
    p.add_argument("--out", metavar="DIR", help="folder to write to (default: the extracts folder)")
    p.add_argument("--api", default="https://fingertips.phe.org.uk/api", help=argparse.SUPPRESS)
    p.set_defaults(func=_fetch)

    p = sub.add_parser("comments", help="owners' commentary in bulk: import the quarterly CSV, or export every version")
    actions = p.add_subparsers(dest="action", required=True)
    q = actions.add_parser("import", help="add a CSV's commentary (indicator_id, area_code, period, author, "
                                          "written_on, commentary, actions): the whole file, or nothing")
    q.add_argument("file", metavar="FILE.csv")
    q = actions.add_parser("export", help="write every version of every commentary, oldest first, as CSV")
    q.add_argument("--out", required=True, metavar="FILE.csv")
    p.set_defaults(func=_comments)

    args = parser.parse_args(argv)
    from logframe.config import ConfigError, configure_logging
    configure_logging(command_line=True)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"configuration: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (status --json | head): say so once, without a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("output closed before it was all written", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
