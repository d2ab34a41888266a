"""Whether a model takes the images of a prompt, said before anything is sent.

Ollama refuses images for a model without the `vision` capability only after the
upload; saying so first keeps the user's prompt and attachments where they are and
names a model on the same host that would take them.
"""

from __future__ import annotations

from collections.abc import Sequence

# Llama 3.2 Vision (architecture "mllama") takes one image per request; Ollama
# refuses more with an error that names neither the limit nor the file.
ONE_IMAGE_FAMILIES = ("mllama",)
# More images than this in one message is almost always a mistaken drop of a folder,
# and each costs hundreds of tokens of context.
MAX_IMAGES = 10
# How many models that take images a refusal names.
SUGGESTED = 3


def image_refusal(
    model: str, capabilities: Sequence[str], images: int, *, family: str = "", vision_models: Sequence[str] = ()
) -> str | None:
    """Why `model` cannot take `images` images, or None when it can (or cannot tell).

    An empty `capabilities` is an older server that does not say: the server decides.
    """
    if images == 0:
        return None
    if capabilities and "vision" not in capabilities:
        others = [name for name in vision_models if name != model]
        if not others:
            hint = "Pull a vision model (e.g. gemma3:4b or llava) to send images."
        elif len(others) == 1:
            hint = f"{others[0]} on this host takes images: F10 moves the session to it."
        else:
            more = f" (and {len(others) - SUGGESTED} more)" if len(others) > SUGGESTED else ""
            hint = f"{', '.join(others[:SUGGESTED])}{more} on this host take images: F10 moves the session to one."
        return f"{model} cannot see images (it has no vision capability). {hint}"
    limit = 1 if family in ONE_IMAGE_FAMILIES else MAX_IMAGES
    if images > limit:
        accepted = "one image" if limit == 1 else f"at most {limit} images"
        return f"{model} takes {accepted} per message; this one has {images}. Remove some (chips above the prompt)."
    return None
