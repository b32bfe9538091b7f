"""Writes: keyword-only functions named <entity>_<action> that take plain data, one module per area."""
