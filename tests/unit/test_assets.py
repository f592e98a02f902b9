"""Images a workspace points at (a logo) and paths written in its files (an output folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from codio_print.inputs import assets
from codio_print.inputs.assets import check_image, inside
from codio_print.errors import ContentError

BAD = Path(__file__).parent.parent / "bad"


def error(path: Path, **kwargs) -> str:
    with pytest.raises(ContentError) as info:
        check_image(path, **kwargs)
    return info.value.one_line()


def test_a_good_png_and_svg(tmp_path):
    png = tmp_path / "logo.png"
    Image.new("RGB", (600, 200), "#154273").save(png)
    info = check_image(png)
    assert (info.format, info.width, info.height) == ("PNG", 600, 200)
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>')
    assert check_image(svg).format == "SVG"


def test_missing_logo_names_the_line_that_refers_to_it(tmp_path):
    line = error(tmp_path / "logo.png", what="logo", source=tmp_path / "huisstijl.yaml", line=3)
    assert line == (f"{tmp_path / 'huisstijl.yaml'}:3: logo 'logo.png' does not exist — check "
                    "the file name, or put the file in the workspace")


def test_a_text_file_is_not_an_image(tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("Dit is geen plaatje.\n")
    assert "is not an image — use a PNG, JPEG or SVG file" in error(fake)


def test_a_damaged_png(tmp_path):
    png = tmp_path / "logo.png"
    Image.new("RGB", (300, 300), "red").save(png)
    data = png.read_bytes()
    png.write_bytes(data[:60] + b"\x00" * 40 + data[100:])
    assert "is damaged" in error(png)


def test_an_svg_that_is_not_xml(tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text("<svg><g></svg>")
    assert "is not a readable SVG image" in error(svg)


def test_too_many_pixels():
    big = BAD / "image-too-large" / "workspace" / "groot.png"
    assert error(big).endswith("groot.png: image 'groot.png' is 12000 × 12000 pixels, more than "
                               "the 50 megapixels allowed — scale it down: 300 dpi at its "
                               "printed size is enough")


def test_too_many_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "MAX_BYTES", 2**20)
    png = tmp_path / "foto.png"
    Image.effect_noise((1200, 1200), 80).save(png)
    size = png.stat().st_size / 2**20
    assert size > 1
    assert f"is {size:.1f} MB, more than the 1 MB allowed" in error(png)


def test_a_folder_is_not_an_image(tmp_path):
    assert "is a folder, not an image" in error(tmp_path)


@pytest.mark.parametrize("value", ["/etc", "~/kits", "../elders", "build/../../elders"])
def test_paths_in_a_workspace_file_stay_inside(tmp_path, value):
    with pytest.raises(ContentError) as info:
        inside(tmp_path, value, what="output folder", source="sessie.yaml", line=4)
    line = info.value.one_line()
    assert line.startswith(f"sessie.yaml:4: output folder '{value}' ")
    assert "without '..'" in line


def test_a_symbolic_link_out_of_the_workspace_is_outside(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "link").symlink_to(tmp_path)
    with pytest.raises(ContentError):
        inside(tmp_path / "ws", "link/elders", what="output folder")


def test_paths_inside_are_resolved(tmp_path):
    assert inside(tmp_path, "build/kit", what="output folder") == \
        (tmp_path / "build" / "kit").resolve()
    assert inside(tmp_path, "a/../b", what="output folder") == (tmp_path / "b").resolve()


def test_a_huge_logo_in_huisstijl_yaml_names_its_line(tmp_path):
    import shutil

    from codio_print.inputs.content import load_content
    from codio_print.inputs.theme import load_theme

    shutil.copy(BAD / "image-too-large" / "workspace" / "groot.png", tmp_path / "logo.png")
    (tmp_path / "huisstijl.yaml").write_text("organisatie: Gemeente Hoorn\nlogo: logo.png\n")
    with pytest.raises(ContentError) as info:
        load_theme(tmp_path, load_content(only_case="").fundamenten)
    assert info.value.one_line() == (
        f"{tmp_path / 'huisstijl.yaml'}:2: the logo 'logo.png' is 12000 × 12000 pixels, more "
        "than the 50 megapixels allowed — scale it down: 300 dpi at its printed size is enough")
