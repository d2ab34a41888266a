"""OLLAMA_HOST parsing (protocol.md §7.1), OpenAI URLs, loopback, key hiding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ollamux.api.hosts import (
    BadHostURL,
    Host,
    is_loopback,
    normalise_openai_url,
    parse_ollama_host,
    split_host_url,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # The ollama-python table, row by row.
        (None, "http://127.0.0.1:11434"),
        ("", "http://127.0.0.1:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        (":56789", "http://127.0.0.1:56789"),
        ("http://1.2.3.4", "http://1.2.3.4:80"),
        ("https://example.com", "https://example.com:443"),
        ("example.com/path/", "http://example.com:11434/path"),
        ("[0001:002:003:0004::1]:56789", "http://[0001:002:003:0004::1]:56789"),
        # Where we follow the Go CLI instead.
        ("0.0.0.0", "http://127.0.0.1:11434"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080"),
        ("[::]", "http://[::1]:11434"),
        ("[::]:11434", "http://[::1]:11434"),
        ("ollama.com", "https://ollama.com:443"),
        # Odds and ends a user will type.
        ("  gpu-box  ", "http://gpu-box:11434"),
        ("gpu-box:8080", "http://gpu-box:8080"),
        ("https://example.com:8443/ollama/", "https://example.com:8443/ollama"),
    ],
)
def test_parse_ollama_host(value: str | None, expected: str) -> None:
    assert parse_ollama_host(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("http://[::1", "IPv6"),
        ("[::1", "IPv6"),
        ("http://]x", "IPv6"),
        ("http://[zz]:1", "IPv6"),
        # A port out of range is refused, never quietly replaced by the default.
        ("1.2.3.4:99999", "port"),
        ("1.2.3.4:abc", "port"),
        ("http://box:0", "port"),
        ("http://box:-1", "port"),
        # Named the way other tools name hosts: the name is not part of a URL.
        ("box=127.0.0.1:18555", "not a host name"),
        ("http://gpu box:11434", "not a host name"),
        ("http://a\x1bb:1", "not a host name"),
    ],
)
def test_broken_addresses_are_refused_with_a_reason(value: str, reason: str) -> None:
    with pytest.raises(BadHostURL, match=reason):
        parse_ollama_host(value)


@given(st.text())
def test_parse_ollama_host_returns_a_url_or_says_why_not(value: str) -> None:
    """Whatever is typed, the answer is a URL with a usable port or a BadHostURL."""
    try:
        url = parse_ollama_host(value)
    except BadHostURL as problem:
        assert str(problem)
        return
    _scheme, _hostname, port, _path = split_host_url(url)
    assert port is not None and 1 <= port <= 65535


# Text after the last ':' that cannot be a port: too large, or not all digits.
_NOT_A_PORT = st.one_of(
    st.integers(65536, 10**12).map(str),
    st.text(alphabet="0123456789abcxyz-+.,!$%~*", min_size=1).filter(
        lambda text: not text.isdigit()
    ),
)


@given(_NOT_A_PORT, st.sampled_from(["", "http://", "https://"]))
def test_every_unusable_port_is_refused(port: str, scheme: str) -> None:
    with pytest.raises(BadHostURL, match="port"):
        parse_ollama_host(f"{scheme}gpu-box:{port}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://api.deepseek.com", "https://api.deepseek.com"),
        ("https://api.deepseek.com/", "https://api.deepseek.com"),
        ("api.deepseek.com", "https://api.deepseek.com"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1"),
        ("  http://box:8000/v1  ", "http://box:8000/v1"),
    ],
)
def test_normalise_openai_url(value: str, expected: str) -> None:
    assert normalise_openai_url(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:11434", True),
        ("http://127.1.2.3:11434", True),
        ("http://localhost:11434", True),
        ("http://LOCALHOST", True),
        ("http://[::1]:11434", True),
        ("http://[::ffff:127.0.0.1]:11434", True),
        ("http://gpu-box:11434", False),
        ("http://10.0.0.5:11434", False),
        ("https://ollama.com:443", False),
        # A DNS name that merely starts like a loopback address is not one.
        ("http://127.example.com:11434", False),
    ],
)
def test_is_loopback(url: str, expected: bool) -> None:
    assert is_loopback(url) is expected


def test_host_repr_hides_the_key() -> None:
    host = Host(name="deepseek", url="https://api.deepseek.com", kind="openai", api_key="sk-secret")
    assert "sk-secret" not in repr(host)
    assert "sk-secret" not in str(host)
    assert "api_key=***" in repr(host)


def test_host_repr_without_key_says_nothing_about_keys() -> None:
    assert "api_key" not in repr(Host(name="local", url="http://127.0.0.1:11434"))
