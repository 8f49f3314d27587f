"""Annotated copy of the user's workbook (fills, comments, Temuan, Ringkasan) and JUnit XML."""

from kpps_xl.workbook.annotate import annotate

__all__ = ["annotate"]
