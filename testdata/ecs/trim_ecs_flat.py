#!/usr/bin/env python3
"""Trims ECS's generated/ecs/ecs_flat.yml to what checking field names and values needs: per
field its type, normalization ("array") and allowed values (with, for event.category, the event
types each category expects). Needs PyYAML.

    python3 trim_ecs_flat.py ecs_flat.yml 8.17.0 > ecs-8.17.0-fields.json
"""
import json
import sys

import yaml


def trim(field):
    out = {"type": field["type"]}
    if field.get("normalize"):
        out["normalize"] = field["normalize"]
    if field.get("allowed_values"):
        out["allowed_values"] = {
            v["name"]: v.get("expected_event_types", []) for v in field["allowed_values"]
        }
    return out


def main(path, version):
    with open(path, encoding="utf-8") as f:
        fields = yaml.safe_load(f)
    trimmed = {"ecs_version": version,
               "fields": {name: trim(field) for name, field in sorted(fields.items())}}
    json.dump(trimmed, sys.stdout, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
