"""What `results import` does with a sheet anyone can make: it reads within bounds, and
what a sheet says reaches resultaten.yaml only as text that codio-print reads back."""

from __future__ import annotations

import pytest
from forged import forged_sheet

from codio_print.errors import InputError
from codio_print.results import sheets

IDENT = {"werkblad": "handout-4", "casus": "eigen-casus", "variant": "PaD", "datum": "",
         "start": "09:30", "groep": "democratie"}


# --- E12: what a sheet unpacks to is bounded --------------------------------------------------

@pytest.mark.parametrize("fields", [
    {f"veld-{i}": "x" * 600_000 for i in range(3)},   # one object stream of 1.8 MB
    {f"veld-{i}": "x" * 8_000 for i in range(300)},   # three streams of 0.8 MB each
], ids=["one-stream", "several-streams"])
def test_a_sheet_that_unpacks_to_too_much_is_refused_in_one_line(tmp_path, monkeypatch,
                                                                  fields):
    monkeypatch.setattr(sheets, "MAX_SHEET_INFLATED", 1024 ** 2)
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", IDENT, fields)
    assert sheet.stat().st_size < 100_000  # small on disk
    with pytest.raises(InputError) as info:
        sheets.read_sheet(sheet)
    assert info.value.one_line() == (
        f"{sheet}: this PDF unpacks to more than 1 MB, far more than a worksheet — give the "
        "filled-in PDF of a screen hand-out (3 or 4, or the poster), as the PDF program saved "
        "it")


def test_a_sheet_within_the_bound_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_SHEET_INFLATED", 1024 ** 2)
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", IDENT,
                         {f"veld-{i}": "x" * 2_000 for i in range(300)})
    assert len(sheets.read_sheet(sheet).fields) == 300
