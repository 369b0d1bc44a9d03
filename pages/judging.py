"""How status is judged: the one judging rule (docs/judging.md) and what each status means."""
import streamlit as st

from logframe import present, ui

ui.page_filters()  # a deep link on a fresh server runs the frame first
st.title("Where each indicator is judged, and how status is decided")
st.markdown(present.judging_rule())
st.subheader("What each status means")
st.markdown("The trajectory is the straight line from the indicator's baseline to its target; the milestone is that "
            "line's value for the period of the latest figure. Better and worse follow the indicator's polarity.")
st.table([{"Status": present.status_words(s), "Rule": rule[:1].upper() + rule[1:] + "."}
          for s, rule in present.STATUS_RULE.items()], hide_index=True, border="horizontal")
st.markdown("Figures from an extract marked illustrative are generated, not measured, and are labelled so wherever "
            "they are shown; an indicator with any real figure never uses illustrative ones.")
