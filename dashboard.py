"""logframe: is Kent and Medway on course for its Integrated Care Strategy targets?"""
import streamlit as st

st.set_page_config(page_title="Kent and Medway log-frame", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", default=True, url_path="overview"),
]
st.navigation(pages).run()
