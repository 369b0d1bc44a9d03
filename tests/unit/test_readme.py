"""The README's layout section names every module and page that exists, and nothing that does not."""
import re

from tests.conftest import ROOT


def layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Layout", 1)[1].split("\n## ", 1)[0]


def test_every_module_is_in_the_layout_and_every_name_there_exists():
    text = layout()
    modules = {p.stem for p in (ROOT / "logframe").glob("*.py") if p.stem not in ("__init__", "__main__")}
    named = set(re.findall(r"\b([a-z_]+)\b", text))
    assert modules <= named, modules - named
    packages = {p.name for p in (ROOT / "logframe").iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert all(f"{p}/" in text for p in packages), packages
    listed_pages = re.search(r"pages/\s+thin pages.*?\(([^)]*)\)", text).group(1).replace(" ", "").split(",")
    assert sorted(listed_pages) == sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
