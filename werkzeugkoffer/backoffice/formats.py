"""File formats of the back office's import and export: CSV as spreadsheet programs write it, and exports
whose cells a spreadsheet never runs as formulas.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel and LibreOffice
(„CSV injection“). In XLSX such a cell is stored as text; in CSV, which has no types, it gets the
apostrophe that spreadsheets themselves use to mark text, and an import takes that apostrophe off
again, so that an export imported unchanged changes nothing.
"""

import csv
import io

import tablib
from import_export.formats.base_formats import CSV, XLSX

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
DELIMITERS = ",;"


class FileNotReadable(ValueError):
    """An import file that cannot be read, with a German sentence saying what to do."""


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith(TEXT_MARK) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def decode(data):
    """The text of a CSV file in UTF-8 (with or without byte order mark) or Windows-1252, as Excel saves it."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileNotReadable(
            "Die Datei ist weder in UTF-8 noch in Windows-1252 gespeichert. Bitte speichern Sie sie in Excel "
            "als „CSV UTF-8 (durch Trennzeichen getrennt)“ und laden Sie sie erneut hoch."
        ) from None


def delimiter(text):
    """Comma or semicolon, whichever separates more of the header line (German Excel writes semicolons);
    a comma for a file of one column."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


class SpreadsheetCSV(CSV):
    """CSV read as bytes in either encoding and with either delimiter; written with formulas made inert."""

    def is_binary(self):
        # The bytes reach create_dataset undecoded, so that it can find their encoding.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode(in_stream)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text)))
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = rows[0]
            width = len(rows[0])
            for row in rows[1:]:
                if any(cell.strip() for cell in row):
                    dataset.append([unescape_formula(cell) for cell in (row + [""] * width)[:width]])
        return dataset

    def export_data(self, dataset, **kwargs):
        return super().export_data(escaped(dataset), **kwargs)


class SafeXLSX(XLSX):
    """XLSX whose cells are never formulas: a text that looks like one is stored as text."""

    def export_data(self, dataset, **kwargs):
        import openpyxl

        content = super().export_data(dataset, **kwargs)
        book = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def escaped(dataset):
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([escape_formula(value) for value in row])
    return copy
