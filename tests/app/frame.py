"""The app for AppTest: dashboard.py, run from a folder with no pages/ folder beside it.

Streamlit treats an entry script with a folder named pages/ beside it as a legacy (v1) multipage app until
st.navigation has run once, and AppTest starts every run afresh in that mode, so a switched-to page would run alone
first. Run from here, every run is the st.navigation app the server serves after its first request (that first
request, a deep link on a fresh server, is covered by tests/browser/test_deep_link.py). Pages are registered by
absolute path (logframe.ui.pages), so they resolve from here too.
"""
import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboard.py"), run_name="__main__")
