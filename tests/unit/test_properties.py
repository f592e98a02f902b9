"""Property tests: whatever people type into a YAML or CSV file, the loaders either load it or
raise the project's own error (which the CLI shows as one line), never anything else."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from codio_print import paths
from codio_print.inputs.content import load_case, load_content
from codio_print.inputs.validate import validate
from codio_print.errors import CodioError
from codio_print.inputs.models import Case, Code, Workshop
from codio_print.inputs.participants import group_spellings, read_participants
from codio_print.results.load import load_results
from codio_print.inputs.yamlread import load_yaml

DATA = Path(__file__).parent.parent / "data"
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def content():
    return load_content()


@contextmanager
def written(data: bytes | str, name: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        yield path


def loads_or_own_error(load, *args):
    """Call a loader; only a result or a CodioError with a one-line message is acceptable."""
    try:
        return load(*args)
    except CodioError as exc:
        line = exc.one_line()
        assert line and "\n" not in line
        return exc


# --- raw text: YAML syntax in all its forms ------------------------------------------------

YAML_BITS = st.sampled_from([
    "a", "id", "titel", ":", ": ", "- ", "\n", "\n  ", "\n    ", "\t", "'", '"', "[", "]", "{",
    "}", ",", "&x ", "*x", "!!str ", "!!int ", "!!binary ", "!!python/object ", "? ", "|",
    ">-", "#", "%YAML 1.1\n", "---\n", "...\n", "2026-02-30", "12:30", "0x1F", "1e400",
    ".nan", "~", "yes", "<<: *x", "\x00", "\ufeff", "é", "日本", "\\", "\r\n",
])


@SETTINGS
@given(st.lists(YAML_BITS, max_size=40).map("".join) | st.text(max_size=200))
def test_any_text_loads_or_raises_own_error(text):
    with written(text, "x.yaml") as path:
        loads_or_own_error(load_yaml, path)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_own_error(data):
    with written(data, "x.yaml") as path:
        loads_or_own_error(load_yaml, path)


# --- well-formed YAML with the wrong content -----------------------------------------------

SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**20) | st.floats()
           | st.text(max_size=30) | st.dates())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=4),
                      max_leaves=12)


def _real(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@st.composite
def mutated(draw, original):
    """``original`` with a few keys removed, replaced by anything, or added."""
    data = original

    def mutate(node, depth):
        if isinstance(node, dict) and node:
            node = dict(node)
            key = draw(st.sampled_from(sorted(node, key=str)))
            action = draw(st.sampled_from(["drop", "replace", "descend", "add"]))
            if action == "drop":
                del node[key]
            elif action == "replace" or depth > 4:
                node[key] = draw(VALUES)
            elif action == "add":
                node[draw(st.text(max_size=8))] = draw(VALUES)
            else:
                node[key] = mutate(node[key], depth + 1)
            return node
        if isinstance(node, list) and node:
            node = list(node)
            i = draw(st.integers(0, len(node) - 1))
            action = draw(st.sampled_from(["drop", "replace", "descend", "duplicate"]))
            if action == "drop":
                del node[i]
            elif action == "duplicate":
                node.append(node[i])
            elif action == "replace" or depth > 4:
                node[i] = draw(VALUES)
            else:
                node[i] = mutate(node[i], depth + 1)
            return node
        return draw(VALUES)

    for _ in range(draw(st.integers(1, 3))):
        data = mutate(data, 0)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


CASE = _real(paths.CONTENT / "cases" / "arnhem.yaml")
CODE = _real(paths.CONTENT / "code.yaml")
WORKSHOP = _real(paths.CONTENT / "workshop.yaml")
RESULTS = _real(DATA / "resultaten-arnhem.yaml")


@SETTINGS
@given(mutated(CASE))
def test_a_mutated_case_loads_or_raises_own_error(content, text):
    with written(text, "arnhem.yaml") as path:
        loads_or_own_error(load_case, path, content.code, content.classificatie)


@SETTINGS
@given(st.sampled_from([(Code, CODE), (Workshop, WORKSHOP), (Case, CASE)]).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), mutated(pair[1]))))
def test_validate_returns_model_or_own_error(pair):
    model, text = pair
    with written(text, "x.yaml") as path:
        located = load_yaml(path)
        loads_or_own_error(validate, located, model)


@SETTINGS
@given(mutated(RESULTS))
def test_mutated_results_load_or_raise_own_error(content, text):
    with written(text, "resultaten.yaml") as path:
        loads_or_own_error(load_results, path, content)


# --- participant lists -----------------------------------------------------------------------

CSV_BITS = st.sampled_from([
    "naam", "Naam", "name", "voornaam", "achternaam", "functie", "groep", "organisatie",
    ";", ",", "\t", '"', "\n", "\r\n", "sep=;\n", "a", "b", "democratie", "Groep A",
    "Jan de Vries", "", " ", "\ufeff", "é", "\x00", "PK\x03\x04", "%PDF", "\u00a0",
])


@SETTINGS
@given(st.lists(CSV_BITS, max_size=60).map("".join) | st.text(max_size=200),
       st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_csv_reads_or_raises_own_error(content, text, encoding):
    data = text.encode(encoding, errors="replace")
    with written(data, "deelnemers.csv") as path:
        loads_or_own_error(read_participants, path, group_spellings(content.fundamenten))


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_csv_read_or_raise_own_error(content, data):
    with written(data, "deelnemers.csv") as path:
        loads_or_own_error(read_participants, path, group_spellings(content.fundamenten))


def test_the_real_files_load(content):
    """The generators start from real files: those must load, or the tests prove little."""
    with written(yaml.safe_dump(CASE, allow_unicode=True), "arnhem.yaml") as path:
        assert load_case(path, content.code, content.classificatie).id == "arnhem"
    assert load_results(DATA / "resultaten-arnhem.yaml", content).sessie.datum == \
        date(2027, 3, 11)
