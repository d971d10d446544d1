"""The search page's query help, tried as a reader tries it: each of its examples finds stories in the demo's
corpus (its pages imported as saved files of their sites)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from archive.sources import SOURCE_NAMES
from parlarchive.app import Parlarchive
from parlarchive.demo.mirror import CORPUS
from tests.web.pages import tree
from web import create_app


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory: pytest.TempPathFactory):
    app_obj = Parlarchive(tmp_path_factory.mktemp("help") / "data")
    for source in SOURCE_NAMES:
        report, _indexed = app_obj.import_paths([CORPUS / source], source=source)
        assert report.new > 50, report
    client = create_app(app_obj, {"TESTING": True}).test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_every_example_of_the_query_help_finds_stories(demo_client) -> None:
    examples = tree(demo_client.get("/").data).xpath("//details[@id='q-help']//code/text()")
    assert len(examples) >= 8, examples
    found = {q: demo_client.get("/api/search?" + urlencode({"q": q})).json.get("total") for q in examples}
    assert all(total and total > 0 for total in found.values()), found
