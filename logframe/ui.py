"""Streamlit pieces every page shares: the filters bound to the URL, the illustrative-data label, status badges.

With logframe.cache, the only modules in the package that import Streamlit.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from logframe import cache, filters, present
from logframe.registry import Registry

PAGE_ICON = Path(__file__).parent / "templates" / "favicon.png"
WIDGET_KEYS = {"area": "f_area", "outcome": "f_outcome", "directorate": "f_directorate", "indicator": "f_indicator"}
# The 'All ...' choice of the outcome and directorate boxes. Not None: Streamlit shows a box whose state is None as
# empty ('Choose an option'), which is what a link with a bad value used to leave.
ALL = "all"


def _apply_url(registry: Registry) -> None:
    """Copy query parameters the user brought (a shared link, a page link) into the widgets' state."""
    current = {k: st.query_params.get(k) for k in filters.KEYS if st.query_params.get(k) is not None}
    if current == st.session_state.get("_applied_params"):
        return
    chosen, notes = filters.from_params(current, registry)
    for key in current:  # only what the URL names; a page switch that drops parameters keeps the filters
        value = getattr(chosen, key)
        st.session_state[WIDGET_KEYS[key]] = ALL if value is None and key in ("outcome", "directorate") else value
    st.session_state["_applied_params"] = current
    st.session_state["_param_notes"] = notes


def sidebar_filters() -> filters.Filters:
    """Area, shared outcome and directorate in the sidebar; they persist across pages and live in the URL."""
    registry = cache.registry()
    _apply_url(registry)
    areas = filters.area_options(registry)
    st.session_state.setdefault(WIDGET_KEYS["area"], registry.partnership)
    with st.sidebar:
        st.header("Filters")
        area = st.selectbox("Area", areas, key=WIDGET_KEYS["area"], format_func=registry.area_name)
        outcome = st.selectbox("Shared outcome", [ALL, *registry.outcomes], key=WIDGET_KEYS["outcome"],
                               format_func=lambda c: "All shared outcomes" if c == ALL
                               else f"{c}: {registry.outcomes[c].name}")
        directorate = st.selectbox("Directorate", [ALL, *registry.directorates()], key=WIDGET_KEYS["directorate"],
                                   format_func=lambda d: "All directorates" if d == ALL else d)
        judging_link()
    indicator = st.session_state.get(WIDGET_KEYS["indicator"])
    return filters.Filters(area=area, outcome=None if outcome == ALL else outcome,
                           directorate=None if directorate == ALL else directorate, indicator=indicator)


def link_notes() -> None:
    """What was wrong with the link's values, in the main column above the page (a phone's collapsed sidebar would
    hide it), once, on the run the link arrived."""
    for note in st.session_state.pop("_param_notes", []):
        st.warning(present.text(note), icon=":material/warning:")  # it quotes the link's value: text, not markup


def clear_outcome_and_directorate() -> None:
    """Set the shared outcome and directorate filters back to all (a button's callback)."""
    st.session_state.update({WIDGET_KEYS["outcome"]: ALL, WIDGET_KEYS["directorate"]: ALL})


FRAMED = "_framed"  # set by the frame (dashboard.py) while it runs a page


PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


def page_path(name: str) -> str:
    """A page's file, by name ('indicator'), for st.page_link: an absolute path, so links resolve whichever entry
    script runs the frame (dashboard.py, or the tests' frame)."""
    return str(PAGES_DIR / f"{name}.py")


def pages() -> list[Any]:
    """The app's pages (st.Page), for st.navigation in the frame."""
    return [
        st.Page(page_path("overview"), title="Overview", icon=":material/dashboard:", default=True),
        st.Page(page_path("indicator"), title="Indicator", icon=":material/show_chart:", url_path="indicator"),
        st.Page(page_path("districts"), title="Districts", icon=":material/map:", url_path="districts"),
        st.Page(page_path("logframe"), title="Log-frame", icon=":material/account_tree:", url_path="logframe"),
        st.Page(page_path("data"), title="Data", icon=":material/folder_open:", url_path="data"),
        st.Page(page_path("judging"), title="How status is judged", icon=":material/rule:", url_path="judging"),
    ]


def page_filters() -> filters.Filters:
    """The filters the frame (dashboard.py) set for this run.

    A page run without the frame is Streamlit's legacy handling of a folder named pages/ beside the entry script
    (a deep link such as /districts on a server's first request): until st.navigation has been called once, the
    page file runs alone. Calling st.navigation switches that off for the whole app, as documented ("As soon as any
    session of your app executes the st.navigation command, your app will ignore the pages/ directory"), and the
    rerun runs the frame, with the same page inside it.
    """
    if not st.session_state.get(FRAMED):
        # the dashboard's own icon first: otherwise the page's Material symbol becomes the browser tab's icon for
        # this run, fetched from Google's font server
        st.set_page_config(page_icon=str(PAGE_ICON), layout="wide")
        st.navigation(pages(), position="hidden")
        st.rerun()
    return st.session_state["filters"]


def write_url(f: filters.Filters) -> None:
    """Put the current filters in the URL so a copied link reproduces the view."""
    wanted = filters.to_params(f, cache.registry().partnership)
    for key in filters.KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state["_applied_params"] = wanted


# Pages that still open when the extracts folder is empty: the Data page (to upload into it) and the rules.
OPEN_WHEN_EMPTY = ("data", "judging")


def extracts_folder_usable(url_path: str) -> bool:
    """False, after saying what is wrong in place of the page, when the extracts folder is missing, not a folder,
    unreadable or (for pages that show figures) empty: no status is ever shown for a folder that cannot be read."""
    from logframe.extracts import folder_problem
    problem = folder_problem()
    if problem is None or (problem.kind == "empty" and url_path in OPEN_WHEN_EMPTY):
        return True
    show = st.info if problem.kind == "empty" else st.error
    show(present.text(present.folder_problem_text(problem)), icon=":material/folder_off:")
    return False
@st.cache_resource
def _page_css() -> str:
    from logframe import templating
    return templating.render("dashboard.css", colours=present.STATUS_COLOUR)


def page_style() -> None:
    """The dashboard's own styles (logframe/templates/dashboard.css): focus rings, links, the Overview's blocks."""
    st.html(f"<style>{_page_css()}</style>")


def illustrative_banner(shown: bool) -> None:
    """Say plainly when numbers on screen are made up."""
    if shown:
        st.warning(f"**Illustrative data.** {present.ILLUSTRATIVE_NOTE}", icon=":material/science:")


JUDGING_PAGE = page_path("judging")


def judging_link() -> None:
    """The link every view gives to the one paragraph that says where each indicator is judged."""
    st.page_link(JUDGING_PAGE, label="Where each indicator is judged", icon=":material/rule:")
