"""Streamlit entry point for a checkout: `streamlit run app.py` (see rfp_assist/ui/app.py)."""

from rfp_assist.ui.app import main

main()
