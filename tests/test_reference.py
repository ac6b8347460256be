"""The committed function reference is what the docstrings say now."""

from pathlib import Path

from clv_udfs.reference import reference_markdown

PAGE = Path(__file__).parent.parent / "docs" / "functions.md"


def test_committed_function_reference_is_current():
    assert PAGE.read_text(encoding="utf-8") == reference_markdown() + "\n", (
        "docs/functions.md is stale: run `clv-udfs docs --force`")


def test_reference_documents_every_argument_of_every_function():
    page = reference_markdown()
    from clv_udfs import catalog
    for spec in catalog.FUNCTIONS.values():
        assert f"## {spec.name}(" in page
        for argument in spec.arguments:
            assert f"| {argument.name} |" in page
