"""The Streamlit app: navigation only. Each page is a script in rfp_assist/ui/views/.

Run it with `rfp-assist app` (installed) or `streamlit run app.py` (a checkout); the workspace
is `$RFP_ASSIST_HOME`, else `./.rfp_assist`.
"""

from __future__ import annotations

import streamlit as st

from rfp_assist.ui.state import page

#: (section, page script, title, icon); the first page opens by default.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("Documents", "workspace", "Upload & workspace", ":material/upload_file:"),
    ("Documents", "review", "Document review", ":material/fact_check:"),
    ("Procurement", "compare", "Compare", ":material/table_chart:"),
    ("Procurement", "exports", "Exports", ":material/download:"),
    ("Legal", "drafts", "Draft changes", ":material/difference:"),
    ("Search", "ask", "Ask", ":material/search:"),
    ("Setup", "settings", "Settings", ":material/settings:"),
)


def main() -> None:
    """Configure the page and run the navigation."""
    st.set_page_config(page_title="rfp-assist", page_icon=":material/handshake:", layout="wide")
    sections: dict[str, list[st.Page]] = {}
    for i, (section, name, title, icon) in enumerate(PAGES):
        sections.setdefault(section, []).append(
            st.Page(page(name), title=title, icon=icon, url_path=name, default=i == 0)
        )
    st.navigation(sections).run()


if __name__ == "__main__":
    main()
