#!/usr/bin/env python3
"""Validates OpenAPI documents (JSON files) against the OpenAPI 3.1 schema, with
openapi-spec-validator (in tests/.venv, through moto[server]). Exit 1 names the first error."""
import json
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        if document.get("openapi") != "3.1.0":
            print(f"{path}: not an OpenAPI 3.1 document", file=sys.stderr)
            return 1
        try:
            validate(document)
        except OpenAPIValidationError as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 1
        print(f"{path}: valid OpenAPI 3.1")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
