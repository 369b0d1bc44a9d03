"""A missing, unusable or empty extracts folder is an error for every command: one line naming the folder and the
setting, exit 2, and no pack written. A missing share must never read as 'no data'."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from logframe.__main__ import main
from tests.conftest import ROOT


def _folders(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)  # sub-folders with no file in them are still empty
    return {"missing": (tmp_path / "unmounted-share", "does not exist"),
            "a file": (a_file, "is a file, not a folder"),
            "empty": (empty, "No extracts yet")}


COMMANDS = {"status": ["status", "--json"], "validate": ["validate"], "boardpack": ["boardpack", "--out", "{out}"]}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("state", ["missing", "a file", "empty"])
def test_each_command_says_what_is_wrong_in_one_line_and_exits_2(tmp_path, command, state):
    folder, says = _folders(tmp_path)[state]
    out_file = tmp_path / "pack.html"
    args = [a.format(out=out_file) for a in COMMANDS[command]]
    done = subprocess.run([sys.executable, "-m", "logframe", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "LOGFRAME_EXTRACTS_DIR": str(folder)})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and str(folder) in lines[0] and "LOGFRAME_EXTRACTS_DIR" in lines[0]
    assert done.stdout == "" and not out_file.exists()


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.parquet").write_bytes(b"")
    monkeypatch.setenv("LOGFRAME_EXTRACTS_DIR", str(folder))
    real = os.scandir

    def scandir(path="."):  # as for a share the server may not read (root ignores permission bits)
        if os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied")
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["status", "--json"]) == 2
    err = capsys.readouterr().err
    assert "cannot be read (Permission denied)" in err and "LOGFRAME_EXTRACTS_DIR" in err
