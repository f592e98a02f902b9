"""Page budgets (issue 26), declared once with the pieces, and the short name of a case in
the running header (N17)."""

from __future__ import annotations

import pytest

from codio_print.inputs.content import load_content
from codio_print.inputs.models import Case
from codio_print.kit.pieces import Budget, plan


def test_budgets_are_declared_with_the_pieces_per_session():
    content = load_content()
    named = {p.id: p.budget for p in plan(content, [5, 5, 5], named=True)}
    anonymous = {p.id: p.budget for p in plan(content, [4, 4, 4])}
    assert anonymous["handout-2a"] == Budget(2) and named["handout-2a"] == Budget(2, 6)
    assert named["naamkaartjes"].total == 15 and anonymous["naamkaartjes"].total == 12
    assert anonymous["poster-democratie"] == Budget(1)
    assert anonymous["handout-4a"] == Budget(1) and anonymous["handout-1a"] == Budget(2)
    assert anonymous["draaiboek"].most and anonymous["presentatie"] is None


@pytest.mark.parametrize("organisatie, titel, kort, short", [
    ("Gemeente Utrecht", "Communicatiecampagne bereik armoederegelingen (CBA)", "",
     "Utrecht · CBA"),
    ("Gemeente Arnhem", "Ambtshalve verlenging IIT", "", "Arnhem · IIT"),
    ("Gemeente Apeldoorn", "Erop-af-aanpak", "", "Apeldoorn · Erop-af-aanpak"),
    ("Waterschap Rijn en IJssel", "Automatische kwijtschelding van de waterschapsbelasting",
     "", "Rijn en IJssel · Automatische kwijtschelding…"),
    ("Gemeente Arnhem", "Ambtshalve verlenging IIT", "Arnhem  · toeslag", "Arnhem · toeslag"),
])
def test_the_short_name_of_a_case(organisatie, titel, kort, short):
    case = Case.model_validate({
        "id": "x", "organisatie": organisatie, "titel": titel, "kort": kort,
        "beschrijving": "Tekst.", "data": [{"wat": "a", "bron": "b"}],
        "proactiviteit": [{"niveau": "hoog", "toelichting": "c"}], "herkomst": "d"})
    assert case.korte_naam == short
