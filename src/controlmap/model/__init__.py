"""Pure data: dataclasses, partial dates, statuses and resolution per view.

Nothing here imports Streamlit, folium or render/.
"""
