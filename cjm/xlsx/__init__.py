"""Spreadsheets: our Excel workbook out and back in, foreign spreadsheets and CSV in, tidy CSV out.

The workbook's layout is the contract in docs/xlsx-format.md.
"""
