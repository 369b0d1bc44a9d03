"""Printing a saved board pack to an A4 PDF with headless chromium (the pack's own @page rules set size and
margins)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
                 "--virtual-time-budget=20000")


class PdfError(RuntimeError):
    """The pack could not be printed to PDF; the message says why."""


def find_chromium() -> str | None:
    """Path of a chromium (or chrome) executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_path: Path, pdf_path: Path, chromium: str | None = None, timeout: float = 180) -> Path:
    """Print a saved pack to an A4 PDF with headless chromium (the pack's own @page rules set size and margins)."""
    exe = chromium or find_chromium()
    if exe is None:
        raise PdfError("no chromium found on PATH: install Debian's chromium (apt-get install chromium) or open the "
                       "HTML pack in a browser and print it to PDF")
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="logframe-chromium-") as profile:
        cmd = [exe, *CHROMIUM_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
               html_path.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"chromium did not finish printing within {timeout:.0f} s") from None
        except OSError as exc:
            raise PdfError(f"could not run chromium ({exe}): {exc.strerror or exc}") from None
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise PdfError(f"chromium could not print the pack (exit {done.returncode}): {' | '.join(tail)}")
    return pdf_path
