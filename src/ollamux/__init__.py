"""ollamux: a keyboard-driven terminal workbench for Ollama and OpenAI-compatible servers."""

__version__ = "0.1.0"
