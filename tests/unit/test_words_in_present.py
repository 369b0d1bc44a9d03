"""Words only in logframe/present.py (and the templates): the rule modules return codes and numbers, never sentences.

Each rule module's source is parsed with `ast`; a string literal of more than three words is a sentence for people
and fails the test, unless it is a docstring, a logging call's message, an exception's message (for developers and
logs, not a view), or listed in ALLOWED with the reason it stays."""
import ast
import re

import pytest

from tests.conftest import ROOT

RULE_MODULES = ("trajectory", "stats", "assessments", "methods", "inequality", "benchmark", "deprivation", "derived",
                "releases", "kinds")
MAX_WORDS = 3
LOGGING_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "log"}

# (module, the literal's first 40 characters) -> why it may stay. An entry whose reason starts 'debt' is wording
# still to move into present.py keyed by a code (issue 19, part 3: trajectory's, assessments', stats' and methods'
# reasons and labels have moved); the others are not words for people. test_allowed_entries_are_still_needed removes
# an entry once its sentence has moved.
REFERENCE_WARNING = "PHEindicatormethods' own warning, kept verbatim so the port matches the reference"
IOD_COLUMN = "a column name in the published IoD 2019 file, read not shown"
ALLOWED: dict[tuple[str, str], str] = {
    ('inequality', 'WARNING: Small values can make SII unsta'): REFERENCE_WARNING,
    ('inequality', 'WARNING: some records have been removed '): REFERENCE_WARNING,
    ('inequality', '(\\d+)\\s*(?:-|–|to)\\s*(\\d+)|(\\d+)\\s*(?:\\+'): "a regular expression for age-band labels",
    ('deprivation', 'IMD - Rank of average score '): IOD_COLUMN,
    ('deprivation', 'Local Authority District code (2019)'): IOD_COLUMN,
    ('deprivation', 'Local Authority District name (2019)'): IOD_COLUMN,
}


def _words(text: str) -> int:
    """Words as a reader sees them: runs of letters between spaces ('at_or_better_than_milestone' is one code)."""
    return sum(1 for w in text.split() if re.search(r"[A-Za-z]", w))


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _exempt_calls(tree: ast.AST) -> set[int]:
    """ids of every node inside a logging call or an exception constructor (raise X(...))."""
    out: set[int] = set()
    for node in ast.walk(tree):
        inside = None
        if isinstance(node, ast.Raise) and node.exc is not None:
            inside = node.exc
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in LOGGING_CALLS and isinstance(node.func.value, ast.Name) \
                and node.func.value.id in {"log", "logger", "LOG", "logging", "_log", "_logger"}:
            inside = node
        if inside is not None:
            out.update(id(n) for n in ast.walk(inside))
    return out


def sentences(module: str, root=ROOT) -> list[tuple[int, str]]:
    """(line, text) of every string literal in the module with more than MAX_WORDS words that is not exempt. An
    f-string is read as its literal parts joined."""
    tree = ast.parse((root / "logframe" / f"{module}.py").read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _exempt_calls(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            skip.update(id(v) for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if _words(text) > MAX_WORDS and (module, text[:40]) not in ALLOWED:
            found.append((node.lineno, text))
    return sorted(found)


@pytest.mark.parametrize("module", RULE_MODULES)
def test_rule_modules_return_codes_not_sentences(module):
    found = sentences(module)
    assert not found, f"logframe/{module}.py has sentences (move them to present.py, keyed by a code):\n" + "\n".join(
        f"  line {line}: {text!r}" for line, text in found)


def test_the_check_finds_a_sentence_and_spares_docstrings_logs_and_errors(tmp_path):
    """The test can fail: a sentence in a return value is found; the same words in a docstring, a log call or an
    exception are not."""
    source = ('"""A module docstring of many words."""\nimport logging\nlog = logging.getLogger(__name__)\n'
              'def f(x):\n    """A docstring of many words."""\n    log.warning("this is a log message %s", x)\n'
              '    if x:\n        raise ValueError(f"x {x} is not one of the known values")\n'
              '    return "The latest value meets the target."\n')
    (tmp_path / "logframe").mkdir()
    (tmp_path / "logframe" / "probe.py").write_text(source, encoding="utf-8")
    assert sentences("probe", tmp_path) == [(9, "The latest value meets the target.")]


def test_allowed_entries_are_still_needed():
    """An allow-list entry for a sentence that has moved is removed, so the list only names real debt."""
    for module, start in ALLOWED:
        tree = ast.parse((ROOT / "logframe" / f"{module}.py").read_text(encoding="utf-8"))
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        texts += ["".join(v.value for v in n.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
                  for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)]
        assert any(t[:40] == start for t in texts), (module, start)
