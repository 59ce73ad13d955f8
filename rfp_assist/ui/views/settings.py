"""settings"""

import streamlit as st

st.title("settings")
