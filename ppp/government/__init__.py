"""The government's view, pure: value for money (PSC against PPP value), fiscal affordability of one project
and of a government's portfolio, and the comparison and ranking of bids (methodology §7, §8; project file
"Tenders and bids"). No database, no Streamlit: callers pass validated projects and evaluations.
"""
