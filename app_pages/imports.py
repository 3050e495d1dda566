"""Placeholder while the page is being written (H6)."""

from __future__ import annotations

import streamlit as st

from ui import texts
from ui.auth import guard

actor = guard("imports")
st.title(texts.IMPORTS_TITLE)
