"""JSON Schemas for the files people edit (case, sessie.yaml, huisstijl.yaml), from the models.

Editors with YAML language support read them through the first line of the files `init` and
`new-case` write, and complete and check the fields. The ids a case may name (levels, data
origins, fundamenten, values) come from the content, so the editor offers them too.

    python -m codio_print.scaffold.schemas     rewrites schemas/*.schema.json
"""

from __future__ import annotations

import json

from codio_print import paths
from codio_print.inputs.content import Content, load_content
from codio_print.inputs.models import Case
from codio_print.inputs.themefile import Huisstijl
from codio_print.scaffold.workspace import SCHEMA_FILES
from codio_print.inputs.workspace import Sessie

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _case_schema(content: Content) -> dict:
    schema = Case.model_json_schema()
    defs = schema["$defs"]
    schema["properties"]["herkomst"]["enum"] = [
        n.id for n in content.classificatie.herkomst.niveaus]
    defs["CaseNiveau"]["properties"]["niveau"]["enum"] = [
        n.id for n in content.classificatie.proactiviteit.niveaus]
    defs["OnderzoekWaarde"]["properties"]["waarde"]["enum"] = [
        w.id for w in content.code.waarden]
    handout6 = next(s for s in schema["properties"]["handout6"]["anyOf"]
                    if s.get("type") == "object")
    handout6["propertyNames"] = {"enum": [f.id for f in content.fundamenten]}
    return schema


def _drop_null_defaults(node) -> None:
    """``default: null`` on a field that must be a string when given (left out = default)."""
    if isinstance(node, dict):
        if node.get("default", 0) is None and node.get("type") not in (None, "null"):
            del node["default"]
        for value in node.values():
            _drop_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_defaults(value)


def schemas(content: Content | None = None) -> dict[str, dict]:
    """File name -> schema."""
    content = content or load_content(only_case="")
    made = {"case": _case_schema(content), "sessie": Sessie.model_json_schema(),
            "huisstijl": Huisstijl.model_json_schema()}
    _drop_null_defaults(made)
    return {SCHEMA_FILES[key]: {"$schema": DIALECT, **schema} for key, schema in made.items()}


def text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write() -> list[str]:
    paths.SCHEMAS.mkdir(exist_ok=True)
    out = []
    for name, schema in schemas().items():
        (paths.SCHEMAS / name).write_text(text(schema), encoding="utf-8")
        out.append(name)
    return out


if __name__ == "__main__":
    for name in write():
        print(paths.SCHEMAS / name)
