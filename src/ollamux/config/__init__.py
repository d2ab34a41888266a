"""User configuration: `config.toml`, the environment and command-line overrides.

Loading never fails. Every problem becomes a sentence in `Config.warnings`, which
the UI shows at start, and the offending part is ignored while the rest is kept:
a typo in one host must not cost the user their other hosts or their keys.
Key values never appear in warnings or reprs, only the names of their variables.
"""

from ollamux.config.loading import display_path, load_config, normalise_keys
from ollamux.config.overrides import CliOverrides, apply_cli, demo_config
from ollamux.config.settings import (
    DEFAULT_CLI_KEY_ENV,
    Config,
    config_dir,
    data_dir,
    default_config_path,
    presets_dir,
    state_dir,
    themes_dir,
)

__all__ = [
    "DEFAULT_CLI_KEY_ENV",
    "CliOverrides",
    "Config",
    "apply_cli",
    "config_dir",
    "data_dir",
    "default_config_path",
    "demo_config",
    "display_path",
    "load_config",
    "normalise_keys",
    "presets_dir",
    "state_dir",
    "themes_dir",
]
