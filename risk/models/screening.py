"""Monthly screening reports (隐患排查) and sensitive-period daily reports."""
