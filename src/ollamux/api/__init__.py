"""The wire layer: hosts, httpx clients, stream decoders and typed events.

Nothing here imports Textual or any other ollamux layer.
"""
