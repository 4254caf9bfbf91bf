"""The one YAML reader: Dutch error messages with their place, and repeated keys."""

from __future__ import annotations

import pytest
import yaml

from evalkit.data.yamlio import load_yaml, yaml_message_with_line


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("a: 1\n\tb: 2\n", "geen geldige YAML (regel 2, teken 1): een tab is niet toegestaan"),
        ("a: b: c\n", "geen geldige YAML (regel 1, teken 5): onverwachte dubbele punt"),
        ("a: [1, 2\n", "geen geldige YAML (regel 1, teken 4): blokhaak '[' niet gesloten"),
        ("a: {b: 1\n", "geen geldige YAML (regel 1, teken 4): accolade '{' niet gesloten"),
        ("a: 1\nb: 'x\n", "geen geldige YAML (regel 2, teken 4): aanhalingsteken niet gesloten"),
        ("a: 1\nb: \x00\n", "geen geldige YAML (regel 2): teken U+0000 is niet toegestaan"),
        ("a: !!python/tuple [1]\n", "geen geldige YAML (regel 1, teken 4): onbekend YAML-label"),
        ("a: *x\n", "geen geldige YAML (regel 1, teken 4): verwijzing (*naam) naar een anker"),
    ],
)
def test_yaml_fout_is_nederlands_met_plaats(tekst, verwacht):
    with pytest.raises(yaml.YAMLError) as fout:
        load_yaml(tekst)
    melding = yaml_message_with_line(fout.value, tekst)
    assert melding.startswith(verwacht), melding
    assert not any(w in melding for w in ("found", "expected", "while", "mapping values"))


def test_dubbele_sleutels_worden_met_beide_regels_teruggegeven():
    data, _, dubbel = load_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert data == {"a": 3, "b": {"c": 2}}  # what PyYAML does: the last value wins
    assert sorted(dubbel) == [("a", 1, 5), ("c", 3, 4)]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("a: &x 1\nb: *x\n", "(regel 1, teken 4): ankers en verwijzingen (&naam, *naam)"),
        ("a: {x: 1}\nb:\n  <<: *a\n", "(regel 3, teken 7): verwijzing (*naam) naar een anker"),
        ("a: " + "[" * 20 + "]" * 20 + "\n", "(regel 1, teken 23): te diep genest (meer dan 20"),
        ("a: " + "[" * 19 + "]" * 19 + "\n", None),
        ("# " + "x" * 1_000_000 + "\n", "bestand is te groot (maximaal 1 MB)"),
    ],
    ids=["anker", "merge_zonder_anker", "20_niveaus", "19_niveaus_plus_mapping", "te_groot"],
)
def test_grenzen_van_yaml(tekst, verwacht):
    if verwacht is None:
        load_yaml(tekst)  # exactly at the limit: read
        return
    with pytest.raises(yaml.YAMLError) as fout:
        load_yaml(tekst)
    assert yaml_message_with_line(fout.value, tekst).startswith(
        ("geen geldige YAML " + verwacht, "geen geldige YAML: " + verwacht)
    )
