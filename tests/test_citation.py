"""The study's citation files: CITATION.cff valid against the Citation File Format 1.2.0 schema, references.bib
read by the same parser the book uses, and the book configured to cite from it.

The schema (tests/fixtures/cff-1.2.0.schema.json) is the Citation File Format project's own
(CC-BY-4.0), as the cffconvert package ships it.
"""

import json

import jsonschema
import pytest
import yaml


def test_citation_cff_is_valid(root):
    schema = json.loads((root / "tests" / "fixtures" / "cff-1.2.0.schema.json").read_text())
    cff = yaml.safe_load((root / "CITATION.cff").read_text())
    jsonschema.validate(cff, schema)
    dois = {ref.get("doi") for ref in cff["references"]}
    assert {"10.1038/s41598-019-38748-8", "10.1098/rsif.2020.0770"} <= dois  # the two papers


def test_the_schema_check_can_fail(root):
    schema = json.loads((root / "tests" / "fixtures" / "cff-1.2.0.schema.json").read_text())
    cff = yaml.safe_load((root / "CITATION.cff").read_text())
    del cff["authors"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(cff, schema)


def test_references_bib_parses_and_the_book_cites_from_it(root):
    from pybtex.database import parse_file

    keys = set(parse_file(str(root / "references.bib")).entries)
    assert {"horst2019", "aeles2021", "horsak2020", "movesig"} <= keys
    config = yaml.safe_load((root / "_config.yml").read_text())
    assert config["bibtex_bibfiles"] == ["references.bib"]
    cited = set()
    import re

    for page in list((root / "chapters").glob("*.py")) + list((root / "chapters").glob("*.md")):
        cited |= {k.strip() for group in re.findall(r"\{cite(?::[pt])?\}`([^`]+)`", page.read_text())
                  for k in group.split(",")}
    assert cited and cited <= keys, cited - keys
