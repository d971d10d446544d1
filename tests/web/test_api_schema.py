"""Schemathesis against the OpenAPI description of a live `parlarchive serve`: no server error, and every
response (errors included) fits the schema that describes it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parlarchive import Parlarchive
from tests.archive.stories import OTHER_STORY_EN, STORIES, write_versions
from tests.helpers import served

# schemathesis's pytest plugin does not run under pytest 9, so its command line runs the same checks.
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


@pytest.mark.skipif(
    not SCHEMATHESIS.exists() and not shutil.which("schemathesis"), reason="pip install schemathesis"
)
def test_the_api_conforms_to_its_openapi_description(tmp_path: Path) -> None:
    files = write_versions(tmp_path / "files", STORIES, 515, date_line="14.03.2024")
    (files / "undated.txt").write_text("\n\n".join([OTHER_STORY_EN[0], *OTHER_STORY_EN[1]]), encoding="utf-8")
    app_obj = Parlarchive(tmp_path / "data")
    report, _ = app_obj.import_paths([files])
    assert report.new == 4, report.failed
    with served(app_obj.data.root) as base_url:
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", f"{base_url}api/openapi.json", "--checks", CHECKS,
             "--max-examples", "25", "--seed", "1", "--workers", "2", "--no-color"],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"Operations:\s+4 selected / 4 total", run.stdout), run.stdout
    assert re.search(r"\d+ generated, \d+ passed", run.stdout) and "failed" not in run.stdout.lower(), (
        run.stdout
    )
