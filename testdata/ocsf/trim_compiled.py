#!/usr/bin/env python3
"""Trims a compiled OCSF schema (ocsf-schema-compiler output) to what validating a Detection
Finding needs: the class, every object reachable from it, the dictionary's data types and the
profile names. Removes only prose (description, references); keeps every other key as compiled.

    python3 trim_compiled.py compiled-schema.json > detection_finding-1.8.0.json
"""
import json
import sys

CLASS = "detection_finding"
PROSE = {"description", "references"}


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in PROSE}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def reachable_objects(schema, item):
    seen, todo = set(), [item]
    while todo:
        for attribute in todo.pop()["attributes"].values():
            name = attribute.get("object_type")
            if attribute.get("type") == "object_t" and name not in seen:
                seen.add(name)
                todo.append(schema["objects"][name])
    return sorted(seen)


def main(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    detection_finding = schema["classes"][CLASS]
    trimmed = {
        "version": schema["version"],
        "compile_version": schema["compile_version"],
        "dictionary": {"types": strip(schema["dictionary"]["types"])},
        "profiles": {name: {"name": name, "caption": p.get("caption")}
                     for name, p in sorted(schema["profiles"].items())},
        "classes": {CLASS: strip(detection_finding)},
        "objects": {name: strip(schema["objects"][name])
                    for name in reachable_objects(schema, detection_finding)},
    }
    json.dump(trimmed, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
