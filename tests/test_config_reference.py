"""docs/config.md is the config reference generated from the key declaration (newsdigest.config_keys)."""

from pathlib import Path

import yaml

from newsdigest.config import config_from_mapping, reference_markdown
from newsdigest.config_keys import KEYS, SECTIONS

REPO = Path(__file__).resolve().parents[1]
REGENERATE = ".venv/bin/python -m newsdigest.config_keys > docs/config.md"


def test_docs_config_md_is_the_generated_reference():
    written = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    assert written == reference_markdown(), f"docs/config.md differs from newsdigest/config_keys.py: {REGENERATE}"


def test_every_key_is_in_the_reference_once():
    text = reference_markdown()
    for key in KEYS:
        assert text.count(f"| `{key.dotted}` |") == 1, key.dotted
        assert key.help and key.help.strip() == key.help, key.dotted
    assert len({key.dotted for key in KEYS}) == len(KEYS)
    assert {key.section for key in KEYS} == {"", *SECTIONS}


def test_the_declared_defaults_are_what_an_empty_config_gives(tmp_path):
    config = config_from_mapping({}, tmp_path)
    for key in KEYS:
        value = getattr(getattr(config, key.section) if key.section else config, key.name)
        if key.name.endswith("_dir") and key.default is not None:
            assert value == (tmp_path / key.default).resolve()
        else:
            assert value == key.default, key.dotted


def test_the_shipped_config_sets_only_declared_keys():
    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    declared = {key.dotted for key in KEYS}
    for name, value in data.items():
        if name in SECTIONS:
            assert {f"{name}.{sub}" for sub in value} <= declared
        else:
            assert name in declared
