"""Workflows that write several models, one module per area."""
