"""`ecociv import FILE --json` prints the ecociv.plan/1 contract of ../shared/contracts/plan.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import GANXIAN, HUICHANG, SCHEMA, YICHUN
from ecociv._serialize import plan_from_dict, plan_to_dict
from ecociv.cli import app
from ecociv.cli._plans import sample_plans

VALIDATOR = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _errors(doc: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


@pytest.mark.parametrize("path", [HUICHANG, YICHUN, GANXIAN], ids=lambda p: p.stem.split("-")[0])
def test_import_json_validates_against_the_schema(path: Path) -> None:
    result = CliRunner().invoke(app, ["import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert _errors(doc) == []
    assert doc["schema"] == "ecociv.plan/1"
    # the contract reads back into the same plan
    assert plan_to_dict(plan_from_dict(doc)) == doc


def test_shipped_sample_data_validates_against_the_schema() -> None:
    plans = sample_plans()
    assert len(plans) == 3
    for plan in plans:
        assert _errors(plan_to_dict(plan)) == [], plan.title


def test_the_validator_rejects_a_broken_document() -> None:
    doc = plan_to_dict(sample_plans()[0])
    del doc["plan"]["region"]
    doc["indicator_tables"] = [{"title": "表1", "rows": [{"unit": "%"}]}]
    errors = _errors(doc)
    assert any("region" in e for e in errors) and any("name" in e for e in errors)
