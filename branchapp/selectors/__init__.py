"""Reads for pages: query functions that build what a page or document shows. They never write."""
