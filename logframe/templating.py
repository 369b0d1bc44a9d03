"""The one Jinja2 environment for every HTML the product writes (the board pack, the Overview's tables): templates
in logframe/templates, autoescaping on, undefined names an error. Pure: no Streamlit."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

from logframe import ROOT

TEMPLATES = ROOT / "logframe" / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined)


def render(template: str, **context: Any) -> str:
    """A template rendered with autoescaping: every value is escaped unless marked safe (markupsafe.Markup)."""
    return environment().get_template(template).render(**context)


def one_block(markup: str) -> str:
    """HTML on one line: Streamlit's Markdown ends an HTML block at the first blank line, so a fragment shown with
    st.markdown must have none (line breaks are spaces in HTML outside <pre>, which these fragments do not use)."""
    return " ".join(line.strip() for line in markup.splitlines() if line.strip())
