"""The workshop dialogs' pure parts: the body summary, the Modelfile from show, push names, reading a file."""

from __future__ import annotations

from ollamux.api.create import CreateRequest
from ollamux.api.events import Message
from ollamux.api.models import ModelDetails
from ollamux.core.modelfile import parse_modelfile
from ollamux.ui.workshop.modelfile_path import read_modelfile
from ollamux.ui.workshop.texts import body_summary, can_quantize, modelfile_from_details, push_destination

SHOWN = ModelDetails(
    name="qwen3:8b",
    system="You are terse.\nAnswer in one line.",
    template="{{ .System }}\n{{ .Prompt }}",
    license="MIT License\nCopyright",
    # As /api/show writes them: the name, spaces, the value as a Modelfile writes it.
    parameters='stop                           "<|im_start|>"\nstop                           "<|im_end|>"\n'
               "temperature                    0.6\nnum_ctx                        4096\n"
               "penalize_newline               true",
)


def test_the_summary_shows_what_the_body_sets_with_its_wire_types() -> None:
    request = CreateRequest(
        model="terse", base="qwen3:8b", system="Be brief.\nVery.",
        parameters={"temperature": 0.3, "num_ctx": 4096, "stop": ["User:"]},
        messages=(Message(role="user", content="hi"), Message(role="assistant", content="hello")),
        quantize="q4_K_M",
    )
    assert body_summary(request) == [
        ("from", "qwen3:8b"),
        ("system", "Be brief.…"),
        ("parameters", 'temperature=0.3 · num_ctx=4096 · stop=["User:"]'),
        ("examples", "2 messages"),
        ("quantize", "q4_K_M"),
    ]


def test_the_summary_says_what_is_left_to_the_base() -> None:
    assert body_summary(CreateRequest(model="x", base="llama3.2")) == [
        ("from", "llama3.2"), ("system", "the base's"), ("parameters", "the base's"),
    ]


def test_the_modelfile_from_show_parses_back_into_the_same_model() -> None:
    modelfile = parse_modelfile(modelfile_from_details(SHOWN))
    request = modelfile.to_request("mine")
    assert request.base == "qwen3:8b"
    assert request.system == SHOWN.system and request.template == SHOWN.template
    assert request.license == (SHOWN.license,)
    # Typed as the server reads them; a parameter Ollama dropped is left out, not refused.
    assert request.parameters == {"stop": ["<|im_start|>", "<|im_end|>"], "temperature": 0.6, "num_ctx": 4096}


def test_a_text_a_modelfile_cannot_quote_is_left_to_the_base() -> None:
    text = modelfile_from_details(ModelDetails(name="odd", template='say """hi"""'))
    assert parse_modelfile(text).template is None
    assert "# TEMPLATE: kept from the base" in text


def test_only_unquantized_bases_can_be_quantized() -> None:
    assert can_quantize("F16") and can_quantize("bf16") and can_quantize("F32")
    assert not can_quantize("Q4_K_M") and not can_quantize("")


def test_push_suggests_a_namespace_and_a_tag() -> None:
    assert push_destination("terse", "you") == "you/terse:latest"
    assert push_destination("qwen3:8b", "you") == "you/qwen3:8b"
    assert push_destination("demo/terse:1", "you") == "demo/terse:1"


def test_reading_a_modelfile_says_what_is_wrong(tmp_path) -> None:
    (tmp_path / "Modelfile").write_text("FROM qwen3:8b\n", encoding="utf-8")
    (tmp_path / "weights.gguf").write_bytes(b"GGUF\xff\xfe\x00")
    assert read_modelfile("Modelfile", tmp_path) == (tmp_path / "Modelfile", "FROM qwen3:8b\n")
    assert read_modelfile("missing", tmp_path) == f"no such file: {tmp_path / 'missing'}"
    assert "is a folder" in str(read_modelfile(".", tmp_path))
    assert "is not text" in str(read_modelfile("weights.gguf", tmp_path))
