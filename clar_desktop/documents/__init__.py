"""Printed documents (issue 5): the acta, award certificates, scoring sheets, the poster.

Everything here writes PDFs with reportlab and never imports Qt, so documents can be made
from the command line on a machine without a screen.
"""
