"""Sign-in and owners' commentary on the pages: the Streamlit-aware part of logframe.commentary.

Sign-in is Streamlit's own (st.login / st.user, OpenID Connect configured in .streamlit/secrets.toml) and is off
unless an [auth] section is configured: then the dashboard is read-only, as before, and shows commentary to everyone.
Every write goes through commentary.write, which decides on the server, from the identity the sign-in gave and the
owners file as it is at that moment, whether this person may write for this indicator: the form being shown is not
the check. Commentary is always shown as text (present.paragraphs, present.text), never as Markdown or HTML.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

from logframe import commentary, config, owners, present, state
from logframe.assessments import Assessment
from logframe.registry import Indicator, Registry

log = logging.getLogger(__name__)
ACTION_ROWS = 3  # empty action rows offered beyond the ones the latest version has


def configured() -> bool:
    """Whether sign-in is configured (an [auth] section in the secrets); without it nobody writes."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # Streamlit's 'no secrets file' error is one
        return False


def identity() -> owners.Identity | None:
    """The signed-in person (from the ID token's claims Streamlit keeps), or None."""
    if not configured():
        return None
    return owners.identity_from_claims(st.user.to_dict(), config.settings().groups_claim)


@st.cache_resource(max_entries=4, show_spinner=False)
def _owners(path: str, mtime: int, size: int, _registry: Registry) -> owners.Owners:
    return owners.load_owners(Path(path), _registry)


def grants(registry: Registry) -> owners.Owners:
    """owners.csv as it is now (read again whenever the file changes); a broken file grants nothing, and says so."""
    path = config.settings().owners_file
    try:
        stat = path.stat()
    except OSError:
        return owners.NOBODY
    try:
        return _owners(str(path), stat.st_mtime_ns, stat.st_size, registry)
    except owners.OwnersError as exc:
        log.error("owners file: %s", exc)
        st.error(f"Nobody can write commentary until the owners file is corrected: {present.text(exc)}",
                 icon=":material/error:")
        return owners.NOBODY


def sidebar(registry: Registry) -> None:
    """Sign in and out in the sidebar, and who the dashboard takes you to be (only when sign-in is configured)."""
    if not configured():
        return
    who = identity()
    with st.sidebar:
        if who is None:
            st.button("Sign in to write commentary", key="sign_in", icon=":material/login:", on_click=st.login)
        else:
            role = owners.role_of(grants(registry), who)
            st.caption(f"Signed in as {present.text(who.label)} ({role})")
            st.button("Sign out", key="sign_out", icon=":material/logout:", on_click=st.logout)
            if role == owners.Role.ADMINISTRATOR:
                _bulk(registry)


def _bulk(registry: Registry) -> None:
    """Administrators: import the quarterly CSV (the same rules as `comments import`), export every version."""
    with st.expander("Commentary in bulk", icon=":material/upload_file:"):
        upload = st.file_uploader("Import a commentary CSV (the whole file or nothing)", type=["csv"],
                                  key="cm_import_file", max_upload_size=config.settings().upload_max_bytes // 2**20)
        if upload is not None and st.button("Import it", key="cm_import"):
            who = identity()  # decided again, now: the page having shown the box is not the check
            if not owners.may_import(grants(registry), who):
                log.warning("refused a commentary import by %s", who.label if who else "nobody")
                st.error("Not imported: only administrators may import commentary.")
            else:
                try:
                    added, skipped = state.import_text(upload.getvalue(), upload.name, registry,
                                                       f"import by {who.label} (dashboard)")  # type: ignore[union-attr]
                except state.ImportRejected as exc:
                    st.error(present.text(f"Nothing was imported from {upload.name}: "
                                          + "; ".join(exc.problems[:10])
                                          + (f"; and {len(exc.problems) - 10} more" if len(exc.problems) > 10
                                             else "")))
                except state.StateError as exc:
                    st.error(present.text(f"Not imported: {exc}"))
                else:
                    st.success(present.text(f"Imported {added} version(s) from {upload.name}"
                                            + (f"; {skipped} already there" if skipped else "") + "."))
        try:
            text, n = state.export_text()
        except state.StateError as exc:
            st.caption(present.text(f"Export unavailable: {exc}"))
        else:
            st.download_button(f"Export every version ({n}, CSV)", text.encode("utf-8"), file_name="commentary.csv",
                               mime="text/csv", key="cm_export", icon=":material/download:", on_click="ignore")


def latest_for(judged: list[Assessment]) -> dict[tuple[str, str], commentary.Shown]:
    """The latest commentary for each assessment's indicator and judged area (read on every run: another process
    may have written since); empty, with a note, when the database cannot be read."""
    try:
        versions = state.store().versions({a.indicator_id for a in judged})
    except state.StateError as exc:
        log.error("commentary: %s", exc)
        st.warning(f"Commentary cannot be shown: {present.text(exc)}", icon=":material/warning:")
        return {}
    return commentary.latest_by_key(versions, {(a.indicator_id, a.area_code): a.period for a in judged})


def _show(shown: commentary.Shown, history: bool) -> None:
    v = shown.version
    byline = present.text(present.commentary_byline(shown))
    if shown.stale:
        st.warning(f"**Written before the latest figure.** {byline}", icon=":material/history:")
    else:
        st.caption(byline)
    st.markdown(present.paragraphs(v.text))
    if v.actions:
        st.markdown("**Actions**  \n" + "  \n".join(f"{n}. {present.text(present.action_text(a))}"
                                                     for n, a in enumerate(v.actions, start=1)))
    if history and len(shown.history) > 1:
        with st.expander(f"Every version ({len(shown.history)}), newest first"):
            for old in shown.history:
                st.caption(present.text(present.commentary_byline(commentary.Shown(old, False))))
                st.markdown(present.paragraphs(old.text))
                if old.actions:
                    st.markdown("  \n".join(f"{n}. {present.text(present.action_text(a))}"
                                            for n, a in enumerate(old.actions, start=1)))


def _key(ind: Indicator, area: str, what: str) -> str:
    return f"cm_{ind.id}_{area}_{what}"


def _save(registry: Registry, indicator_id: str, area: str, rows: int) -> None:
    """The form's callback: its indicator and area were fixed when the form was drawn; who is writing, and whether
    they may, is decided now."""
    ind = registry.indicators[indicator_id]
    get: Callable[..., Any] = lambda what: st.session_state.get(_key(ind, area, what))  # noqa: E731
    acts = []
    for n in range(rows):
        what, who, when = get(f"what_{n}") or "", get(f"who_{n}") or "", get(f"when_{n}")
        if what.strip() or who.strip() or when:
            acts.append(commentary.Action(what, who, when if isinstance(when, date) else None))
    draft = commentary.Draft(ind.id, area, get("period") or "", get("text") or "", tuple(acts))
    try:
        saved = commentary.write(state.store(), registry, grants(registry), identity(), draft)
    except commentary.PermissionDenied as exc:
        log.warning("refused a commentary write: %s", exc)
        st.session_state[_key(ind, area, "flash")] = ("error", f"Not saved. {exc}")
    except commentary.CommentaryError as exc:
        st.session_state[_key(ind, area, "flash")] = ("error", f"Not saved. {exc}")
    except state.StateError as exc:
        log.error("commentary: %s", exc)
        st.session_state[_key(ind, area, "flash")] = ("error", f"Not saved: {exc}")
    else:
        st.session_state[_key(ind, area, "flash")] = (
            "success", f"Saved: version {saved.version} of the commentary for {present.period_text(saved.period)}.")


def section(registry: Registry, ind: Indicator, a: Assessment, periods: list[str]) -> None:
    """The indicator page's commentary: the latest account and actions (history on request), and for a person who
    may write for this indicator, the form that adds a version. periods: the figures' periods, newest first."""
    area = a.area_code
    shown = latest_for([a]).get((ind.id, area))
    st.markdown(f"#### Owner's commentary for {present.text(registry.area_name(area))}")
    flash = st.session_state.pop(_key(ind, area, "flash"), None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(present.text(flash[1]))
    if shown is not None:
        _show(shown, history=True)
    elif a.status in present.NEEDS_COMMENTARY:
        st.markdown(f"**{present.NO_COMMENTARY}.** The owner has not yet said why this indicator is "
                    f"{present.STATUS_LABEL[a.status].lower()} or what is being done.")
    else:
        st.markdown(f"{present.NO_COMMENTARY} yet.")
    if not configured():
        return
    who = identity()
    allowed = owners.may_write(grants(registry), who, ind)
    if who is None:
        st.caption("Owners of this indicator: sign in (in the sidebar) to write commentary.")
        return
    if not allowed:
        st.caption(f"Signed in as {present.text(who.label)}: you may read this commentary; only this indicator's "
                   "owners, editors and administrators (data/registry/owners.csv) may write it.")
        return
    choices = list(dict.fromkeys([p for p in ([a.period] if a.period else []) + periods if p]))
    previous = shown.version if shown is not None else None
    rows = min(commentary.MAX_ACTIONS, (len(previous.actions) if previous else 0) + ACTION_ROWS)
    with st.expander("Write commentary" if previous is None else "Write a new version", expanded=previous is None):
        with st.form(_key(ind, area, "form")):
            if choices:
                st.selectbox("The period it is about", choices, key=_key(ind, area, "period"),
                             format_func=present.period_text)
            else:
                st.text_input("The period it is about (as the figures are labelled, e.g. 2024/25)",
                              key=_key(ind, area, "period"))
            st.text_area("Why it stands where it does, and what is being done", max_chars=commentary.MAX_TEXT,
                         value=previous.text if previous else "", key=_key(ind, area, "text"), height=160)
            st.markdown("**Actions** (what, who, by when)")
            for n in range(rows):
                old = previous.actions[n] if previous and n < len(previous.actions) else None
                c_what, c_who, c_when = st.columns([3, 2, 1.4])
                c_what.text_input("What", value=old.what if old else "", key=_key(ind, area, f"what_{n}"),
                                  max_chars=commentary.MAX_ACTION_FIELD, label_visibility="visible" if n == 0
                                  else "collapsed")
                c_who.text_input("Who", value=old.who if old else "", key=_key(ind, area, f"who_{n}"),
                                 max_chars=commentary.MAX_ACTION_FIELD, label_visibility="visible" if n == 0
                                 else "collapsed")
                c_when.date_input("By when", value=old.by_when if old else None, key=_key(ind, area, f"when_{n}"),
                                  format="YYYY-MM-DD", label_visibility="visible" if n == 0 else "collapsed")
            st.caption(f"Saved as a new version under your name ({present.text(who.label)}); earlier versions are "
                       "kept and shown.")
            st.form_submit_button("Save commentary", key=_key(ind, area, "save"), icon=":material/save:",
                                  on_click=_save, args=(registry, ind.id, area, rows))
