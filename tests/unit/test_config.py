"""config.toml loading, its warnings, and command-line overrides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ollamux.api.hosts import Host
from ollamux.config import (
    CliOverrides,
    Config,
    apply_cli,
    config_dir,
    data_dir,
    demo_config,
    load_config,
    normalise_keys,
    themes_dir,
)

SECRET = "sk-very-secret-123"

EXAMPLE = """\
default_host = "gpu"
default_model = "qwen3:8b"
theme = "ollamux-light"
restore_sessions = false

[[hosts]]
name = "gpu"
url = "http://gpu-box:11434"
kind = "ollama"

[[hosts]]
name = "deepseek"
url = "https://api.deepseek.com/"
kind = "openai"
api_key_env = "DEEPSEEK_API_KEY"

[keys]
stop = "escape"
new_session = "ctrl+n, f2"
"""


def write_config(environ: dict[str, str], text: str, mode: int = 0o600) -> Path:
    path = config_dir(environ) / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def load(environ: dict[str, str], text: str) -> Config:
    write_config(environ, text)
    return load_config(environ=environ)


def only_warning(config: Config) -> str:
    assert len(config.warnings) == 1, config.warnings
    return config.warnings[0]


# --------------------------------------------------------------------------- paths


def test_xdg_dirs(environ: dict[str, str], tmp_path: Path) -> None:
    assert config_dir(environ) == tmp_path / "config" / "ollamux"
    assert data_dir(environ) == tmp_path / "data" / "ollamux"
    assert themes_dir(environ) == tmp_path / "config" / "ollamux" / "themes"


def test_xdg_defaults_under_home(tmp_path: Path) -> None:
    environ = {"HOME": str(tmp_path)}
    assert config_dir(environ) == tmp_path / ".config" / "ollamux"
    assert data_dir(environ) == tmp_path / ".local" / "share" / "ollamux"


def test_relative_xdg_values_are_ignored(tmp_path: Path) -> None:
    # The XDG spec: relative paths are invalid and must be ignored.
    environ = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": "rel", "XDG_DATA_HOME": ""}
    assert config_dir(environ) == tmp_path / ".config" / "ollamux"
    assert data_dir(environ) == tmp_path / ".local" / "share" / "ollamux"


# --------------------------------------------------------------------------- defaults


def test_missing_file_gives_defaults(environ: dict[str, str], tmp_path: Path) -> None:
    config = load_config(environ=environ)
    assert config.hosts == (Host(name="local", url="http://127.0.0.1:11434"),)
    assert config.default_host == "local"
    assert config.host.name == "local"
    assert config.default_model is None
    assert config.theme == "ollamux-dark"
    assert config.keymap == {}
    assert config.restore_sessions is True
    assert config.open_session is None
    assert config.config_path == tmp_path / "config" / "ollamux" / "config.toml"
    assert config.data_dir == tmp_path / "data" / "ollamux"
    assert config.warnings == ()


def test_default_host_follows_ollama_host(environ: dict[str, str]) -> None:
    environ["OLLAMA_HOST"] = "0.0.0.0:9999"
    assert load_config(environ=environ).host.url == "http://127.0.0.1:9999"


def test_missing_explicit_file_is_reported(environ: dict[str, str], tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml", environ=environ)
    assert "nope.toml not found" in only_warning(config)
    assert config.host.name == "local"


# --------------------------------------------------------------------------- the example


def test_example_file(environ: dict[str, str]) -> None:
    environ["DEEPSEEK_API_KEY"] = SECRET
    config = load(environ, EXAMPLE)
    assert config.warnings == ()
    assert config.hosts == (
        Host(name="gpu", url="http://gpu-box:11434", kind="ollama"),
        Host(name="deepseek", url="https://api.deepseek.com", kind="openai", api_key=SECRET),
    )
    assert config.default_host == "gpu"
    assert config.default_model == "qwen3:8b"
    assert config.theme == "ollamux-light"
    assert config.restore_sessions is False
    assert config.keymap == {"stop": "escape", "new_session": "ctrl+n,f2"}


def test_unset_key_variable_is_named_in_a_warning(environ: dict[str, str]) -> None:
    config = load(environ, EXAMPLE)
    assert only_warning(config) == (
        "DEEPSEEK_API_KEY is not set; host 'deepseek' will be sent no key"
    )
    assert config.host_named("deepseek").api_key is None


def test_keys_never_appear_in_repr_or_warnings(environ: dict[str, str]) -> None:
    environ["DEEPSEEK_API_KEY"] = SECRET
    text = EXAMPLE + '\n[[hosts]]\nname = "inline"\nurl = "http://x"\napi_key = "' + SECRET + '"\n'
    write_config(environ, text, mode=0o644)
    config = load_config(environ=environ)
    assert config.host_named("inline").api_key == SECRET
    assert config.warnings  # the file-permission warning
    assert SECRET not in repr(config)
    assert all(SECRET not in warning for warning in config.warnings)


def test_ollama_home_path_is_kept(environ: dict[str, str]) -> None:
    config = load(environ, '[[hosts]]\nname = "a"\nurl = "box/ollama/"\n')
    assert config.host.url == "http://box:11434/ollama"
    assert config.host.kind == "ollama"


# --------------------------------------------------------------------------- bad TOML


def test_invalid_toml_names_file_and_line(environ: dict[str, str]) -> None:
    config = load(environ, 'theme = "ollamux-light"\n\ndefault_model qwen3\n')
    warning = only_warning(config)
    assert "config.toml" in warning
    assert "line 3" in warning
    assert "default settings" in warning
    assert config.theme == "ollamux-dark"
    assert config.host.name == "local"


def test_invalid_toml_at_end_of_document_still_names_a_line(environ: dict[str, str]) -> None:
    warning = only_warning(load(environ, 'theme = "a"\nkeys = [1,\n'))
    assert "config.toml" in warning
    assert "line 2" in warning


def test_duplicate_toml_key_is_invalid_toml(environ: dict[str, str]) -> None:
    warning = only_warning(load(environ, 'theme = "a"\ntheme = "b"\n'))
    assert "invalid TOML at line" in warning


def test_not_utf8(environ: dict[str, str]) -> None:
    path = config_dir(environ) / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'theme = "\xff"\n')
    warning = only_warning(load_config(environ=environ))
    assert "config.toml" in warning and "UTF-8" in warning


def test_home_is_shown_as_tilde(tmp_path: Path) -> None:
    environ = {"HOME": str(tmp_path)}
    path = config_dir(environ) / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("= oops\n")
    warning = only_warning(load_config(environ=environ))
    assert warning.startswith("~/.config/ollamux/config.toml: invalid TOML at line 1")


# --------------------------------------------------------------------------- bad parts


def test_unknown_top_level_key_is_ignored(environ: dict[str, str]) -> None:
    config = load(environ, 'colour = "red"\ntheme = "mine"\n')
    assert "'colour'" in only_warning(config)
    assert config.theme == "mine"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("theme = 3", "theme"),
        ("default_model = ['a']", "default_model"),
        ("default_host = false", "default_host"),
        ('restore_sessions = "yes"', "restore_sessions"),
        ('hosts = "gpu"', "hosts"),
        ('keys = "ctrl+n"', "[keys]"),
    ],
)
def test_wrong_types_are_named_and_ignored(environ: dict[str, str], line: str, key: str) -> None:
    config = load(environ, line + "\n")
    assert key in only_warning(config)
    assert config.theme == "ollamux-dark"
    assert config.restore_sessions is True
    assert config.host.name == "local"


def test_bad_key_bindings_are_ignored_one_by_one(environ: dict[str, str]) -> None:
    config = load(environ, '[keys]\nstop = 3\nquit = "ctrl+q"\nhelp = "f1,,f2"\n')
    assert config.keymap == {"quit": "ctrl+q"}
    assert len(config.warnings) == 2
    assert any("keys.stop" in w for w in config.warnings)
    assert any("keys.help" in w for w in config.warnings)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [("ctrl+n", "ctrl+n"), (" ctrl+n , f2 ", "ctrl+n,f2"), ("", None), ("ctrl + n", None), ("a,", None)],
)
def test_normalise_keys(keys: str, expected: str | None) -> None:
    assert normalise_keys(keys) == expected


def test_bad_kind_drops_only_that_host(environ: dict[str, str]) -> None:
    text = '[[hosts]]\nname = "odd"\nurl = "http://x"\nkind = "llamacpp"\n' + EXAMPLE.split("\n\n", 1)[1]
    environ["DEEPSEEK_API_KEY"] = SECRET
    config = load(environ, text)
    warning = only_warning(config)
    assert "'odd'" in warning and "llamacpp" in warning
    assert [h.name for h in config.hosts] == ["gpu", "deepseek"]


def test_duplicate_host_names(environ: dict[str, str]) -> None:
    text = '[[hosts]]\nname = "gpu"\nurl = "a"\n[[hosts]]\nname = "gpu"\nurl = "b"\n'
    config = load(environ, text)
    assert "duplicate host name 'gpu'" in only_warning(config)
    assert config.hosts == (Host(name="gpu", url="http://a:11434"),)


def test_default_host_naming_no_host(environ: dict[str, str]) -> None:
    config = load(environ, 'default_host = "gpu2"\n[[hosts]]\nname = "gpu"\nurl = "a"\n')
    warning = only_warning(config)
    assert "default_host 'gpu2' names no host" in warning
    assert config.default_host == "gpu"


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ('name = "a"', "has no url"),
        ('name = "a"\nurl = 5', "has no url"),
        ('name = "a"\nurl = "ftp://files"\nkind = "openai"', "ftp://files"),
        ('url = "http://x"', "hosts entry 1 has no name"),
        ('name = "a"\nurl = "http://x"\napi_key_env = 5', "api_key_env"),
    ],
)
def test_bad_host_entries(environ: dict[str, str], entry: str, needle: str) -> None:
    config = load(environ, f"[[hosts]]\n{entry}\n")
    assert needle in " ".join(config.warnings)


def test_unknown_host_key_keeps_the_host(environ: dict[str, str]) -> None:
    config = load(environ, '[[hosts]]\nname = "a"\nurl = "x"\nport = 1\n')
    assert "host 'a': unknown setting 'port'" in only_warning(config)
    assert config.host.name == "a"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", "IPv6"),
        ("http://[::1]:99999", "port"),
        ("gpu-box:abc", "port"),
        ("http://gpu-box:0", "port"),
    ],
)
@pytest.mark.parametrize("kind", ["ollama", "openai"])
def test_broken_host_url_is_a_warning_naming_the_file(
    environ: dict[str, str], url: str, reason: str, kind: str
) -> None:
    if kind == "openai" and "://" not in url:
        url = f"http://{url}"
    config = load(
        environ,
        f'[[hosts]]\nname = "bad"\nurl = "{url}"\nkind = "{kind}"\n'
        '[[hosts]]\nname = "good"\nurl = "http://gpu-box:11434"\n',
    )
    warning = only_warning(config)
    assert warning.startswith(f"{config.config_path}: host 'bad'")
    assert repr(url) in warning and reason in warning
    assert [host.name for host in config.hosts] == ["good"]


def test_broken_ollama_host_variable_is_a_warning(environ: dict[str, str]) -> None:
    environ["OLLAMA_HOST"] = "[::1"
    config = load_config(environ=environ)
    assert "OLLAMA_HOST '[::1' is refused" in only_warning(config)
    assert config.host.url == "http://127.0.0.1:11434"


def test_all_hosts_bad_falls_back_to_the_environment(environ: dict[str, str]) -> None:
    environ["OLLAMA_HOST"] = "box:1234"
    config = load(environ, '[[hosts]]\nname = "a"\nkind = "grpc"\nurl = "x"\n')
    assert config.hosts == (Host(name="local", url="http://box:1234"),)


# --------------------------------------------------------------------------- keys


def test_inline_key_in_a_readable_file_is_flagged(environ: dict[str, str]) -> None:
    text = '[[hosts]]\nname = "a"\nurl = "https://x"\nkind = "openai"\napi_key = "k"\n'
    write_config(environ, text, mode=0o644)
    assert "chmod 600" in only_warning(load_config(environ=environ))
    write_config(environ, text, mode=0o600)
    assert load_config(environ=environ).warnings == ()


def test_key_variable_wins_over_inline_key(environ: dict[str, str]) -> None:
    environ["MY_KEY"] = "from-env"
    text = '[[hosts]]\nname = "a"\nurl = "https://x"\napi_key = "inline"\napi_key_env = "MY_KEY"\n'
    config = load(environ, text)
    assert config.host.api_key == "from-env"
    assert "both api_key and api_key_env" in only_warning(config)


def test_ollama_api_key_only_goes_to_ollama_com(environ: dict[str, str]) -> None:
    environ["OLLAMA_API_KEY"] = SECRET
    text = '[[hosts]]\nname = "cloud"\nurl = "ollama.com"\n[[hosts]]\nname = "lan"\nurl = "gpu-box"\n'
    config = load(environ, text)
    assert config.host_named("cloud").api_key == SECRET
    assert config.host_named("lan").api_key is None


def test_env_host_gets_ollama_api_key_only_for_ollama_com(environ: dict[str, str]) -> None:
    environ["OLLAMA_API_KEY"] = SECRET
    environ["OLLAMA_HOST"] = "gpu-box"
    assert load_config(environ=environ).host.api_key is None
    environ["OLLAMA_HOST"] = "ollama.com"
    assert load_config(environ=environ).host.api_key == SECRET


# --------------------------------------------------------------------------- Config itself


def test_config_checks_its_hosts(tmp_path: Path) -> None:
    local = Host(name="local", url="http://127.0.0.1:11434")
    with pytest.raises(ValueError):
        Config(hosts=(), config_path=tmp_path, data_dir=tmp_path)
    with pytest.raises(ValueError):
        Config(hosts=(local, local), config_path=tmp_path, data_dir=tmp_path)
    with pytest.raises(ValueError):
        Config(hosts=(local,), default_host="nope", config_path=tmp_path, data_dir=tmp_path)
    config = Config(hosts=(local,), config_path=tmp_path, data_dir=tmp_path)
    assert config.default_host == "local"
    with pytest.raises(KeyError):
        config.host_named("nope")


# --------------------------------------------------------------------------- CLI overrides


def test_cli_hosts_go_first_and_become_default(environ: dict[str, str]) -> None:
    config = apply_cli(
        load(environ, EXAMPLE.replace("DEEPSEEK_API_KEY", "NOPE")),
        CliOverrides(ollama_urls=("box-a", "0.0.0.0:9000")),
        environ=environ,
    )
    assert [h.name for h in config.hosts] == ["box-a:11434", "127.0.0.1:9000", "gpu", "deepseek"]
    assert config.default_host == "box-a:11434"
    assert config.host.url == "http://box-a:11434"


def test_cli_host_already_configured_is_reused(environ: dict[str, str]) -> None:
    base = load(environ, '[[hosts]]\nname = "a"\nurl = "x"\n[[hosts]]\nname = "gpu"\nurl = "gpu-box"\n')
    config = apply_cli(base, CliOverrides(ollama_urls=("http://gpu-box:11434/",)), environ=environ)
    assert [h.name for h in config.hosts] == ["gpu", "a"]
    assert config.default_host == "gpu"


def test_cli_host_same_as_the_environment_host(environ: dict[str, str]) -> None:
    config = apply_cli(load_config(environ=environ), CliOverrides(ollama_urls=(":11434",)), environ=environ)
    assert [h.name for h in config.hosts] == ["local"]


def test_cli_host_names_do_not_collide(environ: dict[str, str]) -> None:
    base = load(environ, '[[hosts]]\nname = "box:11434"\nurl = "elsewhere"\n')
    config = apply_cli(base, CliOverrides(ollama_urls=("box",)), environ=environ)
    assert [h.name for h in config.hosts] == ["box:11434-2", "box:11434"]


def test_cli_openai_key_from_default_variable(environ: dict[str, str]) -> None:
    environ["OLLAMUX_API_KEY"] = SECRET
    config = apply_cli(
        load_config(environ=environ),
        CliOverrides(openai_urls=("https://api.deepseek.com",)),
        environ=environ,
    )
    assert config.host == Host(
        name="api.deepseek.com", url="https://api.deepseek.com", kind="openai", api_key=SECRET
    )
    assert config.warnings == ()


def test_cli_openai_key_variable_unset(environ: dict[str, str]) -> None:
    config = apply_cli(
        load_config(environ=environ),
        CliOverrides(openai_urls=("http://box:8000/v1",), api_key_env="VLLM_KEY"),
        environ=environ,
    )
    assert config.host.api_key is None
    assert only_warning(config) == "VLLM_KEY is not set; host 'box:8000' will be sent no key"


def test_cli_api_key_env_applies_to_ollama_hosts_when_given(environ: dict[str, str]) -> None:
    environ["PROXY_KEY"] = SECRET
    plain = apply_cli(load_config(environ=environ), CliOverrides(ollama_urls=("box",)), environ=environ)
    assert plain.host.api_key is None
    keyed = apply_cli(
        load_config(environ=environ),
        CliOverrides(ollama_urls=("box",), api_key_env="PROXY_KEY"),
        environ=environ,
    )
    assert keyed.host.api_key == SECRET


def test_cli_bad_url_is_warned_and_skipped(environ: dict[str, str]) -> None:
    config = apply_cli(
        load_config(environ=environ), CliOverrides(openai_urls=("ftp://x",)), environ=environ
    )
    assert "--openai 'ftp://x'" in only_warning(config)
    assert config.host.name == "local"


@pytest.mark.parametrize("flag", ["--host", "--openai"])
@pytest.mark.parametrize(
    ("url", "reason"),
    [("http://[::1", "IPv6"), ("http://box:99999", "port"), ("http://box:abc", "port")],
)
def test_cli_broken_url_is_warned_and_skipped(
    environ: dict[str, str], flag: str, url: str, reason: str
) -> None:
    urls = (url,)
    overrides = CliOverrides(ollama_urls=urls) if flag == "--host" else CliOverrides(openai_urls=urls)
    config = apply_cli(load_config(environ=environ), overrides, environ=environ)
    warning = only_warning(config)
    assert warning.startswith(f"{flag} {url!r} is refused") and reason in warning
    assert config.host.name == "local"


def test_cli_model_theme_session(environ: dict[str, str], tmp_path: Path) -> None:
    base = load(environ, 'default_model = "a"\ntheme = "b"\n')
    config = apply_cli(
        base,
        CliOverrides(model="m", theme="t", open_session=tmp_path / "s.json"),
        environ=environ,
    )
    assert (config.default_model, config.theme, config.open_session) == ("m", "t", tmp_path / "s.json")
    assert apply_cli(base, CliOverrides(), environ=environ) == base


def test_demo_config(environ: dict[str, str], tmp_path: Path) -> None:
    base = load(environ, EXAMPLE)
    demo = demo_config(base, "http://127.0.0.1:5555", model=None, sandbox=tmp_path / "sandbox")
    assert demo.hosts == (Host(name="demo", url="http://127.0.0.1:5555"),)
    assert demo.default_host == "demo"
    assert demo.default_model == "demo-coder:7b"
    assert demo.data_dir == tmp_path / "sandbox"
    assert demo.restore_sessions is False
    assert demo.theme == "ollamux-light"  # the user's look is kept
    chosen = demo_config(base, "http://127.0.0.1:5555", model="demo-chat:1b", sandbox=tmp_path)
    assert chosen.default_model == "demo-chat:1b"


def test_nothing_touches_the_real_home(environ: dict[str, str], tmp_path: Path) -> None:
    # Guard for the fixture itself: os.environ now points inside tmp_path.
    assert os.environ["HOME"].startswith(str(tmp_path))
    assert str(config_dir()).startswith(str(tmp_path))
