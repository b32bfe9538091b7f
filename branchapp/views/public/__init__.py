"""Public pages: the news site and the public year summary. Never imports workspace code."""
