"""One file's failure is that file's rejection, never a page's or a command's.

A failure is injected at each stage of what is done to one file (recognising its layout, converting it, checking
its rows, reading it with the other files), and every page, `validate`, `status` and the board pack still work,
naming that file, with the other files' figures used.
"""
from __future__ import annotations

import json
import shutil

import pytest

from logframe import importers, validate
from logframe.__main__ import main
from logframe.importers import ons
from logframe.runtime import RUNTIME
from tests.app.conftest import open_page, page_text
from tests.conftest import ROOT
from tests.fuzz.damage import _kent_too

TARGET = "employment-rate-2024.csv"  # an ONS download as published, dropped beside the shipped extracts


def _fail_detect(monkeypatch, folder):
    real = importers.detect

    def detect(columns):
        if "poison" in columns:
            raise RuntimeError("detection failed")
        return real(columns)
    monkeypatch.setattr(validate.importers, "detect", detect)
    header, *rows = (folder / TARGET).read_bytes().splitlines(keepends=True)
    (folder / TARGET).write_bytes(header.rstrip(b"\r\n") + b",poison\r\n" + b"".join(rows))


def _fail_convert(monkeypatch, folder):
    real = ons.convert

    def convert(table, registry, path, **more):
        if str(path).endswith(TARGET):
            raise MemoryError("conversion ran out of memory")
        return real(table, registry, path, **more)
    monkeypatch.setattr(ons, "convert", convert)


def _fail_checks(monkeypatch, folder):
    real = validate._check_rows

    def check_rows(report, registry):
        if report.path.endswith(TARGET):
            raise KeyError("a check broke")
        return real(report, registry)
    monkeypatch.setattr(validate, "_check_rows", check_rows)


def _fail_reading(monkeypatch, folder):
    """Real damage, not a patch: the file passes its checks, then its converted copy (in the cache folder) is
    overwritten, so reading it with the other files fails."""
    from logframe.extracts import take_snapshot
    snap = take_snapshot(folder)
    converted = next(r.data_path for r in snap.valid if r.path.endswith(TARGET))
    with open(converted, "r+b") as fh:
        fh.seek(8)
        fh.write(b"\x00" * 64)


STAGES = {"layout": _fail_detect, "conversion": _fail_convert, "checks": _fail_checks, "reading": _fail_reading}


@pytest.fixture
def folder(extracts, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data" / "extracts", extracts, dirs_exist_ok=True)
    (extracts / TARGET).write_bytes(_kent_too(ROOT / "data" / "reference" / "ons" / "employment-rate.csv", 60))
    monkeypatch.setenv("LOGFRAME_CACHE_DIR", str(tmp_path / "cache"))  # its own verdicts and converted copies
    yield extracts
    RUNTIME.reset()


@pytest.mark.parametrize("stage", STAGES)
def test_a_failure_at_any_stage_rejects_that_file_alone(folder, stage, monkeypatch, capsys, tmp_path):
    STAGES[stage](monkeypatch, folder)

    assert main(["validate"]) == 1
    out = capsys.readouterr()
    rejected = [line for line in out.out.splitlines() if line.startswith("REJECTED")]
    assert len(rejected) == 1 and TARGET in rejected[0], out.out
    assert "could not be read: " in out.out and "Traceback" not in out.err, out.err
    assert out.out.count("\nOK ") + out.out.startswith("OK ") >= 10  # every other file still used

    assert main(["status", "--json"]) == 0
    out = capsys.readouterr()
    rows = {r["indicator_id"]: r for r in json.loads(out.out)}
    assert f"skipped {TARGET}: could not be read" in out.err
    assert rows["loneliness_often_always"]["status"] == "at_risk"  # the good files' figures

    pack = tmp_path / "pack.html"
    assert main(["boardpack", "--out", str(pack)]) == 0 and pack.stat().st_size > 10_000
    assert f"skipped {TARGET}" in capsys.readouterr().err

    for page in (None, "pages/indicator.py", "pages/data.py"):
        open_page(page)
    at = open_page("pages/data.py")
    at.run()  # a file found unreadable while a page read it is named from the next rerun
    assert f"Rejected: {TARGET}" in page_text(at).replace("\\", "") and "could not be read" in page_text(at)
