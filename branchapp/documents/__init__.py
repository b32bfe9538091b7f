"""File renderers: DOCX documents and XLSX/CSV spreadsheets, returned as bytes."""
