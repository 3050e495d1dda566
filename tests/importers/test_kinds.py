"""The import-kind registry: every kind has its texts, its store and a CLI command of its own."""

from __future__ import annotations

import pytest

import cli
from importers.kinds import ImportKind, all_kinds, get_kind, parse_map_args, register_kind
from ui.kinds import field_label, kind_store, kind_texts


def test_the_foundation_kinds_are_registered_in_order():
    codes = [k.code for k in all_kinds()]
    assert codes[:4] == ["requests", "connect-open", "connect-events", "calendar"]


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.code)
def test_every_kind_has_russian_texts_a_store_and_an_import_command(kind: ImportKind):
    words = kind_texts(kind)
    assert words["title"] and words["help"] and words["cli"]
    assert callable(kind_store(kind))
    for field in kind.fields:
        assert field_label(kind, field.name) != field.name, f"{kind.code}.{field.name} unlabelled"
    parser = cli.build_parser()
    args = parser.parse_args(["import", kind.code, "f.csv", "--map", "a=b", "--dry-run"])
    assert (args.kind, args.map_items, args.dry_run) == (kind.code, ["a=b"], True)


def test_a_kind_code_cannot_be_taken_twice():
    twin = ImportKind("requests", "x:Y", "x:y", read_bytes=lambda data, options: None)
    with pytest.raises(ValueError):
        register_kind(twin)
    assert get_kind("requests") is not twin


def test_map_arguments_read_field_equals_column():
    assert parse_map_args(["id=Номер", "org = Группа", "rating="]) == {
        "id": "Номер", "org": "Группа", "rating": None,
    }  # fmt: skip
    with pytest.raises(ValueError):
        parse_map_args(["Номер"])
