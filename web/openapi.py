"""The OpenAPI 3 description of the JSON API, served at /api/openapi.json (tests check responses against it)."""

from __future__ import annotations

from dataclasses import fields
from typing import get_args, get_origin, get_type_hints

from archive.languages import LANGS
from archive.models import Capture
from archive.store import TRANSLATION_FIELDS
from search.backend import Hit
from search.fields import FACETS
from search.service import GROUPS, SORTS, SearchResult
from web.params import MAX_LIMIT, MAX_PAGE, MAX_QUERY, PER_PAGE

STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_INT = {"type": "integer", "nullable": True}
LANG_MAP = {"type": "object", "additionalProperties": STRING, "description": "{lang: record id}"}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}


def _object(properties: dict, description: str = "") -> dict:
    out = {"type": "object", "required": list(properties), "properties": properties}
    return {**out, "description": description} if description else out


def _schema(kind: object) -> dict:
    """The JSON schema of a dataclass field's type: str, int, float, their optional forms, {str: str}."""
    args = set(get_args(kind))
    nullable = type(None) in args
    base = next(iter(args - {type(None)}), kind) if args and get_origin(kind) is not dict else kind
    if get_origin(base) is dict:
        return LANG_MAP
    name = {str: "string", int: "integer", float: "number", bool: "boolean"}[base]
    out: dict = {"type": name, **({"minimum": 0} if base is int else {})}
    return {**out, "nullable": True} if nullable else out


def from_dataclass(cls: type, described: dict[str, dict], description: str = "") -> dict:
    """The schema of a dataclass the API serves (its `as_json()`): every field, typed from its annotation,
    `described` adding to a field's schema (replacing it where it names a type). Derived, so the two never
    drift."""
    hints = get_type_hints(cls)
    properties = {}
    for f in fields(cls):
        extra = described.get(f.name, {})
        properties[f.name] = extra if "type" in extra else {**_schema(hints[f.name]), **extra}
    return _object(properties, description)


HIT = from_dataclass(
    Hit,
    {
        "date": {"format": "date"},
        "snippet": {"description": "HTML: escaped text, matches in <mark>"},
        "via_translation": {"description": "found only through its machine translation into this language"},
        "story": {"description": "the story: its language versions and reposts are this one hit"},
    },
)
SEARCH = from_dataclass(
    SearchResult,
    {
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "facets": _object({name: COUNTS for name in FACETS}),
        "counted": {"enum": ["stories", "versions"], "description": "what total and the facets count"},
    },
    "The command line's `search --json`",
)
SEARCH["properties"] |= {
    "expanded_query": {
        **NULLABLE_STRING,
        "description": "With all=1: the query as searched in all languages",
    },
    "expansion_pending": {"type": "boolean", "description": "With all=1: the glossary is still being built"},
}
TEXTS = {"type": "object", "additionalProperties": STRING, "description": "{lang: text}"}
MATCH = _object(
    {
        "score": {"type": "integer", "minimum": 0, "maximum": 100, "description": "Differing facts charged"},
        "similarity": {"type": "integer", "minimum": 0, "maximum": 100},
        "lang": STRING,
        "text": {**STRING, "description": "The matched source"},
        "marks": {
            "type": "array",
            "items": _object({"kind": {"type": "string", "enum": ["same", "diff", "fact"]}, "text": STRING}),
            "description": "The source in runs: words the query lacks (diff), facts that differ (fact)",
        },
        "differing_facts": {"type": "array", "items": STRING},
        "versions": TEXTS,
        "group": STRING,
        "ids": LANG_MAP,
    }
)
GLOSSARY_ENTRY = _object(
    {
        "from": STRING,
        "to": STRING,
        "source": STRING,
        "target": STRING,
        "count": {"type": "integer", "minimum": 0},
        "score": {"type": "number"},
        "examples": {"type": "array", "items": {"type": "array", "items": STRING}},
    }
)
MEMORY = _object(
    {
        "query": STRING,
        "lang": {**NULLABLE_STRING, "enum": [*LANGS, None]},
        "pending": {"type": "boolean", "description": "The memory is still being built: ask again"},
        "matches": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
        "glossary": {"type": "array", "items": {"$ref": "#/components/schemas/GlossaryEntry"}},
    },
    "The translation memory as a concordance",
)
CAPTURE = from_dataclass(Capture, {"replaced": {"description": "Undecodable bytes replaced on reading"}})
TRANSLATION = _object(dict.fromkeys(TRANSLATION_FIELDS, NULLABLE_STRING))
DOCUMENT = _object(
    {
        "id": STRING,
        "url": STRING,
        "canonical_url": NULLABLE_STRING,
        "source": STRING,
        "lang": {**NULLABLE_STRING, "description": "The version's language: what the page declares"},
        "text_lang": {
            **NULLABLE_STRING,
            "description": "The language the text is written in (detected), with its script when unusual:"
            " kk-Arab",
        },
        "title": NULLABLE_STRING,
        "text": STRING,
        "date": {**NULLABLE_STRING, "format": "date"},
        "source_line": NULLABLE_STRING,
        "alternates": {"type": "object", "additionalProperties": STRING, "description": "{lang: url}"},
        "fetched_at": STRING,
        "content_hash": STRING,
        "duplicate_of": NULLABLE_STRING,
        "version_group": STRING,
        "rev": {"type": "integer"},
        "versions": LANG_MAP,
        "untranslated": {
            "type": "array",
            "items": STRING,
            "description": "Languages whose version shows another language's text (the site has no translation)",
        },
        "translations": {
            "type": "object",
            "additionalProperties": {"$ref": "#/components/schemas/Translation"},
        },
        "captures": {"type": "array", "items": {"$ref": "#/components/schemas/Capture"}},
        "duplicates": {"type": "array", "items": STRING},
    },
    "The command line's `show --json`: the whole record",
)
VERSION = _object(
    {
        "id": STRING,
        "url": STRING,
        "source": STRING,
        "lang": NULLABLE_STRING,
        "title": NULLABLE_STRING,
        "date": {**NULLABLE_STRING, "format": "date"},
    }  # fmt: skip
)
VERSIONS = _object(
    {
        "id": STRING,
        "versions": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Version"}},
    }
)
ERROR = _object({"error": STRING, "status": {"type": "integer"}}, "The message is in the interface language")


def _param(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def search_params(sources: tuple[str, ...]) -> list[dict]:
    """The parameters of /api/search; `sources`: the source names this archive accepts."""
    return [
        _param(
            "q",
            {"type": "string", "maxLength": MAX_QUERY},
            "The query (command-line syntax); empty: every record",
        ),
        _param("lang", {"type": "string", "enum": list(LANGS)}, "Only records in this language"),
        _param("source", {"type": "string", "enum": list(sources)}, "Only records from this source"),
        _param("from", {"type": "string", "format": "date"}, "Dated on or after (YYYY-MM-DD)"),
        _param("to", {"type": "string", "format": "date"}, "Dated on or before (YYYY-MM-DD)"),
        _param("sort", {"type": "string", "enum": list(SORTS)}, "relevance (default with a query) or date"),
        _param(
            "group",
            {"type": "string", "enum": list(GROUPS), "default": "story"},
            "story: a hit per story, its language versions and reposts collapsed; version: a hit per version",
        ),
        _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Page of hits"),
        _param(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": PER_PAGE},
            "Hits a page",
        ),
        _param(
            "all",
            {"type": "string", "enum": ["0", "1", "false", "true"], "default": "0"},
            "Search in all languages: each word and phrase also in its glossary translations",
        ),
    ]


MEMORY_PARAMS = [
    _param("q", {"type": "string", "maxLength": MAX_QUERY}, "The text to look up"),
    _param("lang", {"type": "string", "enum": list(LANGS)}, "Its language (default: each)"),
]


RECORD_ID = {
    "name": "record_id",
    "in": "path",
    "required": True,
    "schema": STRING,
    "description": "A record id",
}


def _json(ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


BAD = _json("Error", "A parameter or query that cannot be used")
MISSING = _json("Error", "No record with this id")


def openapi_spec(sources: tuple[str, ...]) -> dict:
    """The description of the API of an archive holding these source names (the enum of `source`)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Parlarchive API",
            "version": "1",
            "description": "Read-only search and records of the kk/ru/en Parliament news archive.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search the archive",
                    "parameters": search_params(sources),
                    "responses": {"200": _json("Search", "A page of hits with facets"), "400": BAD},
                }
            },
            "/api/memory": {
                "get": {
                    "operationId": "memory",
                    "summary": "The translation memory's closest sentences to a text, with the glossary",
                    "parameters": MEMORY_PARAMS,
                    "responses": {"200": _json("Memory", "Matches and glossary entries"), "400": BAD},
                }
            },
            "/api/documents/{record_id}": {
                "get": {
                    "operationId": "document",
                    "summary": "One whole record",
                    "parameters": [RECORD_ID],
                    "responses": {"200": _json("Document", "The record"), "404": MISSING},
                }
            },
            "/api/documents/{record_id}/versions": {
                "get": {
                    "operationId": "versions",
                    "summary": "A record's language versions",
                    "parameters": [RECORD_ID],
                    "responses": {"200": _json("Versions", "Its versions by language"), "404": MISSING},
                }
            },
        },
        "components": {
            "schemas": {
                "Search": SEARCH,
                "Hit": HIT,
                "Document": DOCUMENT,
                "Capture": CAPTURE,
                "Translation": TRANSLATION,
                "Versions": VERSIONS,
                "Version": VERSION,
                "Error": ERROR,
                "Memory": MEMORY,
                "Match": MATCH,
                "GlossaryEntry": GLOSSARY_ENTRY,
            }
        },
    }
