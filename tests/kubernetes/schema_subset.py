"""Write tests/kubernetes/z2jh-values-schema-subset.yaml: the part of the Zero to JupyterHub chart's
values schema that deploy/kubernetes/values.yaml uses (types, enums and which keys exist), without
the chart's descriptions. Run it by hand after changing values.yaml or the chart version, on the
chart's own ``jupyterhub/values.schema.yaml`` of the pinned version (not kept in this repository):

    .venv/bin/python tests/kubernetes/schema_subset.py CHART_SCHEMA > tests/kubernetes/z2jh-values-schema-subset.yaml

It stops, naming the key, when values.yaml uses a key the chart's schema does not have.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

VALUES = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes" / "values.yaml"
KEEP = ("type", "enum", "additionalProperties")


def strip(node: Any, keep_required: bool = False) -> Any:
    """The schema without descriptions and without ``required`` (the chart's defaults fill those),
    except in the alternatives of a ``oneOf`` (hub.extraFiles: a file's content is one of data,
    stringData or binaryData; an alternative without its ``required`` would match anything)."""
    if isinstance(node, dict):
        return {
            k: [strip(alt, keep_required=True) for alt in v] if k == "oneOf" else strip(v)
            for k, v in node.items()
            if k != "description" and (k != "required" or keep_required)
        }
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def subset(schema: dict, values: Any, path: list[str]) -> dict:
    """The schema of ``values``: each object's properties cut down to the keys ``values`` uses."""
    node = {k: strip(schema[k]) for k in KEEP if k in schema}
    if isinstance(values, dict) and ("properties" in schema or "patternProperties" in schema):
        props = {}
        for key, value in values.items():
            if key in schema.get("properties", {}):
                props[key] = subset(schema["properties"][key], value, [*path, key])
            elif any(re.search(pattern, key) for pattern in schema.get("patternProperties", {})):
                node["patternProperties"] = strip(schema["patternProperties"])
            elif schema.get("additionalProperties") is False:
                raise SystemExit(f"values.yaml: {'.'.join([*path, key])} is not in the chart's schema")
        if props:
            node["properties"] = props
    return node


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    schema = yaml.safe_load(Path(argv[0]).read_text())
    values = yaml.safe_load(VALUES.read_text())
    print(yaml.safe_dump(subset(schema, values, []), sort_keys=False, width=100), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
