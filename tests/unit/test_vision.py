"""Images are refused before sending when the model cannot take them, with a way out."""

from ollamux.core.vision import MAX_IMAGES, image_refusal


def test_a_prompt_without_images_is_never_refused() -> None:
    assert image_refusal("qwen3:8b", ("completion",), 0) is None


def test_a_model_without_vision_is_named_and_a_vision_model_on_the_host_suggested() -> None:
    refusal = image_refusal("qwen3:8b", ("completion", "tools"), 1, vision_models=["gemma3:4b"])
    assert refusal is not None
    assert refusal.startswith("qwen3:8b cannot see images")
    assert "gemma3:4b on this host takes images: F10 moves the session to it." in refusal


def test_several_vision_models_are_listed_and_without_any_a_pull_is_suggested() -> None:
    several = image_refusal("qwen3:8b", ("completion",), 2, vision_models=["gemma3:4b", "llava:7b", "qwen3:8b"])
    assert several is not None and "gemma3:4b, llava:7b on this host take images" in several
    none = image_refusal("qwen3:8b", ("completion",), 1, vision_models=[])
    assert none is not None and "Pull a vision model" in none


def test_a_server_that_does_not_say_what_a_model_can_do_decides_itself() -> None:
    assert image_refusal("old-server-model", (), 3) is None


def test_llama_vision_takes_one_image_and_others_a_sensible_number() -> None:
    one = image_refusal("llama3.2-vision:11b", ("completion", "vision"), 2, family="mllama")
    assert one is not None and "takes one image per message; this one has 2" in one
    assert image_refusal("llama3.2-vision:11b", ("completion", "vision"), 1, family="mllama") is None
    assert image_refusal("gemma3:4b", ("completion", "vision"), MAX_IMAGES, family="gemma3") is None
    too_many = image_refusal("gemma3:4b", ("completion", "vision"), MAX_IMAGES + 1, family="gemma3")
    assert too_many is not None and f"at most {MAX_IMAGES} images" in too_many


def test_past_three_suggestions_the_rest_are_counted() -> None:
    refusal = image_refusal("qwen3:8b", ("completion",), 1, vision_models=["a", "b", "c", "d", "e"])
    assert refusal is not None and "a, b, c (and 2 more) on this host take images" in refusal
