"""resultaten.yaml without YAML traps (issue 23, item 7): the file's own examples load as
written; a text with a colon, a dash or a number at the start is the text meant; every problem
is listed, each on its own line with its own file, line and key."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml

from codio_print.errors import CodioError, ContentError
from codio_print.inputs.content import load_content
from codio_print.results.load import load_results
from codio_print.results.template import init_text

from incli import run_here


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def fresh(content) -> str:
    return init_text(content, "arnhem", date(2027, 3, 11), "09:30")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "resultaten.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _filled(fresh: str, **lists: str) -> str:
    """The fresh file with ``name: []`` replaced by the lines given (written under it)."""
    text = fresh
    for name, body in lists.items():
        old = f"{name}: []"
        assert text.count(old) >= 1, name
        indent = re.search(rf"^( *){name}: \[\]", text, re.M).group(1)
        block = textwrap.indent(textwrap.dedent(body).strip("\n"), indent + "  ")
        text = text.replace(f"{indent}{old}", f"{indent}{name}:\n{block}", 1)
    return text


# --- the file's own examples ----------------------------------------------------------------

def _examples(text: str) -> list[str]:
    """Each block the comments show after 'Voorbeeld:', uncommented."""
    lines, out = text.splitlines(), []
    for i, line in enumerate(lines):
        if line.startswith("#") and line.rstrip().endswith("Voorbeeld:"):
            block = []
            for following in lines[i + 1:]:
                if not following.startswith("#   "):
                    break
                block.append(following[len("#   "):])
            out.append("\n".join(block))
    return out


def test_every_example_in_the_comments_loads_as_written(tmp_path, content, fresh):
    examples = _examples(fresh)
    assert len(examples) == 4  # stap 2, 3, 4 and 5
    text = fresh
    for example in examples:
        data = yaml.safe_load(example)
        if isinstance(data, list):  # a list: in place of the [] that follows it
            after = fresh.index(example.splitlines()[-1])
            name = re.compile(r"^\s*(\w+): \[\]", re.M).search(fresh, after).group(1)
            text = _filled(text, **{name: example})
        else:  # fields of a group (stap 2): in place of the first group's [] of each
            for name in data:
                block = example.split(f"{name}:", 1)[1].split("\n")
                body = []
                for line in block[1:]:
                    if line and not line.startswith(" "):
                        break
                    body.append(line)
                text = _filled(text, **{name: "\n".join(body)})
    path = _write(tmp_path, text)
    results = load_results(path, content)
    assert results.acties[0].id == "A1" and results.acties[0].termijn == "Q2 2027"
    assert results.spanningen[0].tussen == ["democratie", "bestuurskracht"]
    assert results.breder_inzetbaar == [
        "A3: de uitleg over gegevensgebruik kan ook bij andere toeslagen."]
    assert results.waarden["democratie"].gekozen[0].waarde == "transparantie"


def test_the_inline_examples_load_too(tmp_path, content, fresh):
    """termijn "Q2 2027" or 2027-06-30, tijd "14:00": as the comments show them."""
    text = _filled(fresh, acties="""
        - id: A1
          actie: Brief herschrijven
          waarde: transparantie
          mechanisme: audits
          eigenaar: Sanne
          termijn: 2027-06-30
          noodzaak: hoog
          belang: hoog
          groep: democratie
    """)
    text = text.replace("  tijd:  #", '  tijd: "14:00"  #')
    results = load_results(_write(tmp_path, text), content)
    assert results.acties[0].termijn == "2027-06-30"
    assert results.vervolg.tijd.hour == 14


# --- texts as meant -------------------------------------------------------------------------

def test_a_text_with_a_colon_a_dash_or_a_number_is_the_text_meant(tmp_path, content, fresh):
    text = _filled(fresh, breder_inzetbaar="""
        - A3: de uitleg over gegevensgebruik kan ook bij andere toeslagen.
        - 12:30 overleg met de wethouder
        - 1: eerst de brieven
        - Let op: het panel: ook voor jongeren  # een opmerking
    """, parkeerplaats="""
        - 2027
        - 12:30
        - Vraag: wie betaalt?
    """, spanningen="""
        - tussen: [democratie, bestuurskracht]
          wat: Snelheid: automatisch verwerken kost persoonlijk contact.
          afspraak: - wie dat wil, kan altijd bellen
    """)
    results = load_results(_write(tmp_path, text), content)
    assert results.breder_inzetbaar == [
        "A3: de uitleg over gegevensgebruik kan ook bij andere toeslagen.",
        "12:30 overleg met de wethouder",
        "1: eerst de brieven",
        "Let op: het panel: ook voor jongeren"]
    assert results.parkeerplaats == ["2027", "12:30", "Vraag: wie betaalt?"]
    tension = results.spanningen[0]
    assert tension.wat == "Snelheid: automatisch verwerken kost persoonlijk contact."
    assert tension.afspraak == "- wie dat wil, kan altijd bellen"


@pytest.mark.parametrize("written", ["democratie en bestuurskracht",
                                     "Democratie, bestuurskracht",
                                     "democratie / bestuurskracht",
                                     "[democratie en bestuurskracht]"])
def test_two_fundamenten_written_as_words_are_the_pair(tmp_path, content, fresh, written):
    text = _filled(fresh, spanningen=f"""
        - tussen: {written}
          wat: Persoonlijk contact kost tijd.
    """)
    results = load_results(_write(tmp_path, text), content)
    assert results.spanningen[0].tussen == ["democratie", "bestuurskracht"]


def test_an_unclear_pair_says_exactly_how_to_write_it(tmp_path, content, fresh):
    text = _filled(fresh, spanningen="""
        - tussen: democratie met de rest
          wat: Persoonlijk contact kost tijd.
    """)
    with pytest.raises(ContentError) as info:
        load_results(_write(tmp_path, text), content)
    assert info.value.key == "spanningen[1].tussen"
    assert info.value.fix == "write it as: tussen: [democratie, rechtsstaat]"


def test_a_group_of_fields_where_text_is_meant_shows_the_quotes(tmp_path, content, fresh):
    text = _filled(fresh, breder_inzetbaar="""
        - A3: de uitleg
          B2: het panel
    """)
    with pytest.raises(ContentError) as info:
        load_results(_write(tmp_path, text), content)
    assert "'breder_inzetbaar[1]' is read as 2 fields (A3, B2)" in info.value.message
    assert '- "A3: de uitleg"' in info.value.fix


# --- every problem ----------------------------------------------------------------------------

def _two_problems(fresh: str) -> str:
    text = _filled(fresh, spanningen="""
        - tussen: democratie met de rest
          wat: Persoonlijk contact kost tijd.
    """, acties="""
        - id: A1
          actie: Brief herschrijven
          waarde: transparantie
          mechanisme: audits
          noodzaak: hoog
          belang: hoog
          groep: democratie
    """)
    return text


def test_every_problem_is_listed_with_its_own_line_and_key(tmp_path, content, fresh):
    text = _two_problems(fresh)
    with pytest.raises(CodioError) as info:
        load_results(_write(tmp_path, text), content)
    problems = info.value.problems()
    assert len(problems) == 2
    assert all("more problem" not in p.message for p in problems)
    lines = text.splitlines()
    assert {(p.key, p.line) for p in problems} == {
        ("acties[1] (A1).eigenaar", lines.index("  - id: A1") + 1),
        ("spanningen[1].tussen", lines.index("  - tussen: democratie met de rest") + 1)}
    assert all(p.file and p.fix for p in problems)


def test_every_content_problem_is_listed_too(tmp_path, content, fresh):
    text = _filled(fresh, acties="""
        - id: A1
          actie: Brief herschrijven
          waarde: transparantje
          mechanisme: audit
          eigenaar: Sanne
          noodzaak: hoog
          belang: hoog
          groep: democratie
    """)
    with pytest.raises(CodioError) as info:
        load_results(_write(tmp_path, text), content)
    assert [p.key for p in info.value.problems()] == ["acties[1] (A1).waarde",
                                                      "acties[1] (A1).mechanisme"]


def test_the_command_prints_every_problem_on_its_own_line(tmp_path, fresh):
    path = _write(tmp_path, _two_problems(fresh))
    done = run_here("--taal", "en", "results", "build", str(path), cwd=tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 2, done.stderr
    assert all(re.match(r"error: resultaten\.yaml:\d+: ", line) for line in lines)
    assert "more problem" not in done.stderr


def test_the_problems_cross_from_a_worker_as_data(tmp_path, content, fresh):
    import pickle

    with pytest.raises(CodioError) as info:
        load_results(_write(tmp_path, _two_problems(fresh)), content)
    again = pickle.loads(pickle.dumps(info.value))
    assert [p.fields() for p in again.problems()] == [p.fields()
                                                      for p in info.value.problems()]


def test_problems_of_form_and_of_content_are_listed_together(tmp_path, content, fresh):
    """The facilitator's step 5: a tension written as words no one can read as two groups,
    and an unknown value further on; both at once, from the top of the file down."""
    text = _filled(fresh, acties="""
        - id: A1
          actie: Brief herschrijven
          waarde: transparantje
          mechanisme: audits
          eigenaar: Sanne
          noodzaak: hoog
          belang: hoog
          groep: democratie
    """, spanningen="""
        - tussen: democratie met de rest
          wat: Persoonlijk contact kost tijd.
    """)
    with pytest.raises(CodioError) as info:
        load_results(_write(tmp_path, text), content)
    problems = info.value.problems()
    assert [p.key for p in problems] == ["acties[1] (A1).waarde", "spanningen[1].tussen"]
    assert problems[0].line < problems[1].line


def test_reading_as_meant_is_bounded_for_a_large_file(tmp_path, content):
    """Each repaired line parses the file again: a megabyte of such lines is not minutes."""
    import time

    path = _write(tmp_path, "reflectie:\n" + "".join(f"  - k{i}: x: y\n" for i in range(60000)))
    started = time.monotonic()
    with pytest.raises(ContentError) as info:
        load_results(path, content)
    assert time.monotonic() - started < 5
    assert info.value.line and info.value.line > 1


def test_a_dash_that_makes_a_list_says_how_to_keep_it(tmp_path, content, fresh):
    text = _filled(fresh, reflectie="""
        - - eerst bellen, dan schrijven
    """)
    with pytest.raises(ContentError) as info:
        load_results(_write(tmp_path, text), content)
    assert info.value.key == "reflectie[1]"
    assert info.value.fix.endswith('- "- eerst bellen, dan schrijven"')
    fixed = text.replace("- - eerst bellen, dan schrijven", '- "- eerst bellen, dan schrijven"')
    assert load_results(_write(tmp_path, fixed), content).reflectie == [
        "- eerst bellen, dan schrijven"]
