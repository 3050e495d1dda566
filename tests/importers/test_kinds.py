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


@pytest.mark.parametrize("kind", [k for k in all_kinds() if k.options], ids=lambda k: k.code)
def test_every_kind_option_has_a_russian_label_and_a_cli_flag_from_the_same_description(
    kind: ImportKind,
):
    from ui.kinds import option_label

    parser = cli.build_parser()
    defaults = parser.parse_args(["import", kind.code, "f.csv"])
    for option in kind.options:
        assert option_label(kind, option.name) != option.name, f"{kind.code}.{option.name}"
        if option.type == "bool":
            assert getattr(defaults, option.name) is False
            args = parser.parse_args(["import", kind.code, "f.csv", option.cli_flag])
            assert getattr(args, option.name) is True
        else:
            assert getattr(defaults, option.name) == option.default
            value = option.choices[-1] if option.choices else "Весна"
            args = parser.parse_args(["import", kind.code, "f.csv", option.cli_flag, value])
            assert getattr(args, option.name) == value


def test_a_date_option_is_a_date_on_the_cli_and_an_unknown_db_choice_is_refused(tmp_path):
    import argparse
    from datetime import date

    from commands.imports import add_option_argument, option_values
    from importers.kinds import OPTION_CHOICE, OPTION_DATE, KindOption

    kind = ImportKind(
        "probe", "ui.texts.imports:PROBLEMS", "x:y", read_bytes=lambda data, options: None,
        options=(KindOption("since", OPTION_DATE),
                 KindOption("campaign", OPTION_CHOICE, choices_from="db.shopper:campaign_names")),
    )  # fmt: skip
    parser = argparse.ArgumentParser()
    for option in kind.options:
        add_option_argument(parser, kind, option)
    args = parser.parse_args(["--since", "01.03.2024", "--campaign", "Нет такой"])
    assert args.since == date(2024, 3, 1)
    from commands import CliError
    from db.connection import connect

    with pytest.raises(CliError):
        option_values(connect(tmp_path / "qc.sqlite"), kind, args)
