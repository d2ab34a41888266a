"""Which hosts' clients get the trusted certificates: https ones, and only those."""

from __future__ import annotations

import ssl

from ollamux.api.hosts import Host
from ollamux.api.transport import make_http_client, uses_tls


def test_only_https_urls_use_tls() -> None:
    assert uses_tls("https://api.deepseek.com") and uses_tls("HTTPS://box")
    assert not uses_tls("http://127.0.0.1:11434") and not uses_tls("http://https.example")


async def test_https_hosts_verify_with_the_bundle_and_plain_ones_trust_nothing() -> None:
    for url, authorities in (("https://api.example.com", True), ("http://127.0.0.1:11434", False)):
        client = make_http_client(Host("t", url))
        context: ssl.SSLContext = client._transport._pool._ssl_context  # type: ignore[attr-defined]
        # Either way a certificate is checked; a plain-http host never starts TLS,
        # and if it did by mistake it would fail, never go unchecked.
        assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
        assert bool(context.cert_store_stats()["x509_ca"]) is authorities
        await client.aclose()
