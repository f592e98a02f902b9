"""A font family installed on the system (fontconfig) can be named in huisstijl.yaml
(issue 26, item 2): its files are those fontconfig lists, in the system's font folders; a
name that is nowhere gets the closest installed families as advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from codio_print.errors import ContentError
from codio_print.inputs.content import load_content
from codio_print.inputs.fonts import SYSTEM_FONTS, Family, system_family, system_fonts
from codio_print.inputs.theme import load_theme

pytestmark = pytest.mark.skipif("DejaVu Sans" not in system_fonts(),
                                reason="fontconfig lists no DejaVu Sans")


def test_an_installed_family_gives_its_regular_bold_and_italic_files():
    family = system_family("dejavu  SANS")  # as a person may write it
    assert family is not None and family.name == "DejaVu Sans"
    by = {(f.weight, f.style): f.path.name for f in family.faces}
    assert by == {("400", "normal"): "DejaVuSans.ttf", ("700", "normal"): "DejaVuSans-Bold.ttf",
                  ("400", "italic"): "DejaVuSans-Oblique.ttf",
                  ("700", "italic"): "DejaVuSans-BoldOblique.ttf"}  # not the Condensed ones
    assert all(any(f.path.is_relative_to(root.resolve()) for root in SYSTEM_FONTS)
               for f in family.faces)


def test_huisstijl_names_an_installed_family(tmp_path):
    (tmp_path / "huisstijl.yaml").write_text("lettertypen:\n  tekst: DejaVu Sans\n",
                                             encoding="utf-8")
    theme = load_theme(tmp_path, load_content().fundamenten)
    assert isinstance(theme.body[0], Family) and theme.body[0].name == "DejaVu Sans"


def test_a_misspelt_family_names_the_closest_installed_ones(tmp_path):
    path = tmp_path / "huisstijl.yaml"
    path.write_text("organisatie: X\nlettertypen:\n  koppen: Dejavu Serf\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_theme(tmp_path, load_content().fundamenten)
    assert err.value.file == str(path) and err.value.line == 3
    assert "did you mean 'DejaVu Serif'" in err.value.fix
    assert "installed on this computer" in err.value.fix


def test_a_path_outside_the_workspace_is_no_family(tmp_path):
    """A workspace names a family, never a system font file by its path."""
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    (tmp_path / "huisstijl.yaml").write_text(f"lettertypen:\n  tekst: {font}\n",
                                             encoding="utf-8")
    with pytest.raises(ContentError, match="outside"):
        load_theme(tmp_path, load_content().fundamenten)
