"""Personal settings (theme, keymap) in the user's config folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from credo.domain.config import UserConfig
from credo.errors import BadFileError, CredoError, NoHomeError
from credo.store.files import (
    atomic_write,
    describe_validation,
    dump_model,
    parse_toml_bytes,
    read_settings,
    refused_write,
)
from credo.store.paths import personal_folder

CONFIG_DIR_ENV = "CREDO_CONFIG_DIR"


def user_config_dir() -> Path:
    """`$CREDO_CONFIG_DIR`, or the platform's config folder for credo."""
    return personal_folder(CONFIG_DIR_ENV, "config")


def user_config_path() -> Path:
    return user_config_dir() / "config.toml"


def load_user_config() -> tuple[UserConfig, list[str]]:
    """The user's settings and a line for each problem: a setting whose value does not
    fit is left at its default, one this credo does not know (a typo) is ignored, a file
    that cannot be read leaves them all. A user with no home has no settings."""
    try:
        path = user_config_path()
    except NoHomeError:
        return UserConfig(), []
    try:
        if not path.exists():
            return UserConfig(), []
    except OSError:  # a folder the user may not look in (another's home): reading says so
        pass
    try:
        return read_settings(UserConfig, path)
    except BadFileError as error:
        return UserConfig(), [f"{error.message} (using default settings)"]


def save_user_config(**changes: Any) -> UserConfig:
    """Change some settings; other keys in the file, known or not, are kept.

    A broken file is never overwritten: the error says which file to fix; one that cannot
    be written (a full disk, no home), which file, and what to do.
    """
    kept = f"{' and '.join(changes)} not saved"
    try:
        path = user_config_path()
    except NoHomeError as error:
        raise CredoError(f"{error.message} ({kept})") from None
    raw: dict[str, Any] = {}
    try:
        raw = parse_toml_bytes(path.read_bytes(), str(path))
    except FileNotFoundError:
        pass
    except OSError as error:  # a folder the user may not look in (another's home)
        raise CredoError(f"cannot read {path}: {error.strerror} ({kept})") from None
    try:
        config = UserConfig.model_validate({**raw, **changes})
    except ValidationError as error:
        raise describe_validation(error, str(path)) from None
    try:
        atomic_write(path, dump_model(config, keep=raw))
    except OSError as error:
        said = refused_write(str(path), error, f"{kept}, the file is as it was")
        if isinstance(error, PermissionError):  # another's folder, or one made read-only
            said += (
                f"; make {path.parent} writable for you, or set {CONFIG_DIR_ENV} to a folder "
                "that is"
            )
        raise CredoError(said) from None
    return config
