"""inputs/yamledit: a workspace's YAML file changed as a person would change it in an
editor, every comment kept, for both setting and removing a key."""

from __future__ import annotations

import pytest
import yaml

from codio_print.errors import ContentError
from codio_print.inputs import yamledit

FILE = """\
# kop
# tweede regel

# over a
a.b.c: "Een"  # achter a
# over d
d.e: twee
# over f
f:
  g: drie
  # over h
  h: vier
# slot
"""


def test_remove_takes_the_key_out_and_keeps_every_other_comment(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(FILE, encoding="utf-8")
    assert yamledit.remove(path, ["d.e"], below=tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "d.e" not in yaml.safe_load(text)
    assert text == FILE.replace("d.e: twee\n", "")  # "# over f" stays above f


def test_remove_of_a_nested_key_and_of_the_mapping_it_leaves_empty(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(FILE, encoding="utf-8")
    yamledit.remove(path, ["f.g"], below=tmp_path)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["f"] == {"h": "vier"}
    yamledit.remove(path, ["f.h"], below=tmp_path)
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"a.b.c": "Een", "d.e": "twee"}
    assert "# over h" not in text  # it was inside f
    assert text.endswith("# over f\n# slot\n")


def test_remove_of_the_last_key_leaves_the_comments(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("# kop\n\nx.y: ja\n", encoding="utf-8")
    assert yamledit.remove(path, ["x.y", "ontbreekt"], below=tmp_path)
    assert path.read_text(encoding="utf-8") == "# kop\n\n"
    assert not yamledit.remove(path, ["x.y"], below=tmp_path)  # nothing to take out


def test_remove_checks_first_and_keeps_the_file_when_the_check_refuses(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(FILE, encoding="utf-8")

    def refuse(text: str) -> None:
        raise ContentError("nee")

    with pytest.raises(ContentError):
        yamledit.remove(path, ["d.e"], below=tmp_path, check=refuse)
    assert path.read_text(encoding="utf-8") == FILE


def test_set_values_flat_sets_a_key_where_it_stands_or_adds_it_whole(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("# kop\npresentatie:\n  bedankt.titel: Oud  # eigen\n", encoding="utf-8")
    yamledit.set_values(path, {"presentatie.bedankt.titel": "Nieuw",
                               "code.titel": "Code: de regels"}, below=tmp_path, flat=True)
    assert path.read_text(encoding="utf-8") == (
        '# kop\npresentatie:\n  bedankt.titel: Nieuw # eigen\ncode.titel: "Code: de regels"\n')


def test_set_values_starts_a_missing_file_from_its_comments(tmp_path):
    path = tmp_path / "nieuw.yaml"
    yamledit.set_values(path, {"a.b": "ja"}, below=tmp_path, flat=True, start="# kop\n")
    assert path.read_text(encoding="utf-8") == '# kop\n\na.b: ja\n'
    yamledit.set_values(path, {"a.b": "nee"}, below=tmp_path, flat=True, start="# anders\n")
    assert path.read_text(encoding="utf-8") == '# kop\n\na.b: nee\n'
