import tomllib
from pathlib import Path

import pytest

from credo.errors import BadFileError
from credo.store.userconfig import load_user_config, save_user_config, user_config_path


def test_config_dir_comes_from_the_environment(isolated_env: Path) -> None:
    assert user_config_path() == isolated_env / "credo-config" / "config.toml"


def test_defaults_when_missing() -> None:
    config, problems = load_user_config()
    assert config.theme is None and config.keymap == {} and problems == []


def test_save_keeps_other_keys() -> None:
    path = user_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('future_option = "keep"\n[keymap]\n"board.add" = "n"\n')
    save_user_config(theme="credo-light")
    data = tomllib.loads(path.read_text())
    assert data == {"theme": "credo-light", "future_option": "keep", "keymap": {"board.add": "n"}}
    assert load_user_config()[0].keymap == {"board.add": "n"}


def test_broken_file_is_reported_and_never_overwritten() -> None:
    path = user_config_path()
    path.parent.mkdir(parents=True)
    path.write_text("theme = [unclosed\n")
    config, [problem] = load_user_config()
    assert config.theme is None
    assert problem.startswith(f"{path}: is not valid TOML") and "line 1" in problem
    with pytest.raises(BadFileError):
        save_user_config(theme="x")
    assert path.read_text() == "theme = [unclosed\n"


def test_wrong_type_names_the_field() -> None:
    path = user_config_path()
    path.parent.mkdir(parents=True)
    path.write_text("theme = 3\n")
    _, [problem] = load_user_config()
    assert "field 'theme' (line 1)" in problem


def test_a_wrong_keymap_is_told_in_credo_s_words() -> None:
    path = user_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('keymap = "n"\n')
    _, [problem] = load_user_config()
    assert "field 'keymap' (line 1) should be a table ({key = value, ...}), not 'n'" in problem


def test_a_bad_setting_leaves_the_others_in_effect() -> None:
    """`theme = 3` sent the keymap to its default too: every remapped key was lost."""
    path = user_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('theme = 3\nkeymap = {"board.add" = "n"}\n')
    config, problems = load_user_config()
    assert config.keymap == {"board.add": "n"} and config.theme is None
    assert problems == [
        f"{path}: field 'theme' (line 1) should be text in quotes, not 3; fix or remove it "
        "(left unset, as by default)"
    ]
    assert path.read_text() == 'theme = 3\nkeymap = {"board.add" = "n"}\n'


def test_a_setting_credo_does_not_know_is_named_with_its_line() -> None:
    """`them = "nord"` (a typo) was ignored in silence, where the project's settings name
    the file, the line and the setting meant: the personal ones say it the same way."""
    path = user_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('# mine\nthem = "nord"\n[keymap]\n"board.add" = "n"\n')
    config, problems = load_user_config()
    assert config.theme is None and config.keymap == {"board.add": "n"}
    assert problems == [
        f"{path}: field 'them' (line 2) is not known to this version of credo "
        "(ignored; did you mean 'theme'?)"
    ]


def test_a_bad_key_in_a_keymap_table_is_named_with_its_line() -> None:
    """`[keymap]` as a table (the form the README shows): a bad binding there was named
    with no line, and the file's order put it after every setting that had one."""
    path = user_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[keymap]\n"board.edit" = "E"\n"board.add" = 3\n')
    config, problems = load_user_config()
    assert config.keymap == {}
    assert problems == [
        f"{path}: field 'keymap.board.add' (line 3) should be text in quotes, not 3; "
        "fix or remove it (using the default, {})"
    ]
