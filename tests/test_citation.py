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


def test_the_books_own_reference_has_a_sensible_label(root):
    """sphinxcontrib-bibtex's default style (alpha) labels the movesig entry from its ``key`` (no person
    author): [mov26], not a label made of "the movesig contributors"."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    config = yaml.safe_load((root / "_config.yml").read_text())
    style = (config.get("sphinx", {}).get("config", {}) or {}).get("bibtex_default_style", "alpha")
    entries = parse_file(str(root / "references.bib")).entries
    labels = {e.key: e.label for e in find_plugin("pybtex.style.formatting", style)().format_entries(entries.values())}
    assert labels["movesig"] == ("mov26" if style == "alpha" else labels["movesig"])
    assert "contributors" not in labels["movesig"].lower() and len(labels["movesig"]) <= 8, labels["movesig"]
    text = next(e for e in find_plugin("pybtex.style.formatting", style)().format_entries([entries["movesig"]]))
    assert "movesig contributors" in text.text.render_as("text")  # who made it is still said


def test_the_licences_are_stated_alike_everywhere(root):
    from movesig.report.citation import BOOK_LICENCE, BOOK_LICENCE_URL, CODE_LICENCE

    cff = yaml.safe_load((root / "CITATION.cff").read_text())
    assert cff["license"] == CODE_LICENCE
    assert f'license = {{ text = "{CODE_LICENCE}" }}' in (root / "pyproject.toml").read_text()
    for text in (cff["message"], (root / "README.md").read_text(), (root / "chapters" / "references.md").read_text()):
        assert BOOK_LICENCE in text and BOOK_LICENCE_URL in text and CODE_LICENCE in text
    from pybtex.database import parse_file

    note = parse_file(str(root / "references.bib")).entries["movesig"].fields["note"]
    assert BOOK_LICENCE in note and CODE_LICENCE in note
