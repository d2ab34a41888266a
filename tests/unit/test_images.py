"""Images checked and made ready for a vision model (ollamux.core.images)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ollamux.core.attachment import MAX_LONG_SIDE, AttachmentError
from ollamux.core.images import looks_like_image, prepare_image

ORIENTATION = 0x0112


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: enough to tell a rotation from none."""
    image = Image.new(mode, size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    return image


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"),
])
def test_a_small_image_is_kept_byte_for_byte(fmt: str, media_type: str) -> None:
    data = encode(picture((64, 48)), fmt)
    prepared = prepare_image(data, "x")
    assert prepared.data == data
    assert (prepared.media_type, prepared.width, prepared.height) == (media_type, 64, 48)


def test_the_media_type_comes_from_the_content_not_the_name() -> None:
    data = encode(picture((10, 10)), "JPEG")
    assert prepare_image(data, "photo.png").media_type == "image/jpeg"


def test_an_image_exactly_at_the_limit_is_not_touched() -> None:
    data = encode(picture((MAX_LONG_SIDE, 10)), "PNG")
    assert prepare_image(data, "wide.png").data == data


def test_a_large_png_is_downscaled_keeping_its_aspect_ratio() -> None:
    prepared = prepare_image(encode(picture((3000, 1000)), "PNG"), "wide.png")
    assert (prepared.width, prepared.height) == (2048, 683)
    result = opened(prepared.data)
    assert (result.format, result.size) == ("PNG", (2048, 683))
    assert prepared.media_type == "image/png"
    # Still the same picture: red on the left, blue on the right.
    assert result.convert("RGB").getpixel((10, 300)) == (255, 0, 0)
    assert result.convert("RGB").getpixel((2040, 300)) == (0, 0, 255)


def test_a_tall_image_is_downscaled_along_its_long_side() -> None:
    prepared = prepare_image(encode(picture((1000, 4096)), "PNG"), "tall.png")
    assert (prepared.width, prepared.height) == (500, 2048)


def test_a_large_jpeg_stays_a_jpeg_of_good_quality() -> None:
    source = picture((4000, 3000))
    prepared = prepare_image(encode(source, "JPEG", quality=95), "photo.jpg")
    result = opened(prepared.data)
    assert (result.format, result.size, prepared.media_type) == ("JPEG", (2048, 1536), "image/jpeg")
    red = result.getpixel((100, 700))
    assert isinstance(red, tuple)
    assert red[0] > 240 and red[1] < 15 and red[2] < 15


def test_a_large_webp_stays_a_webp() -> None:
    prepared = prepare_image(encode(picture((2500, 2500), "RGBA"), "WEBP"), "x.webp")
    result = opened(prepared.data)
    assert (result.format, result.size, prepared.media_type) == ("WEBP", (2048, 2048), "image/webp")


def test_a_small_gif_becomes_a_png_of_its_first_frame_too() -> None:
    # Ollama's OpenAI-compatible route refuses GIF data URLs: a GIF is never sent as one.
    first = picture((64, 48)).convert("P")
    second = Image.new("RGB", (64, 48), "green").convert("P")
    prepared = prepare_image(encode(first, "GIF", save_all=True, append_images=[second]), "anim.gif")
    result = opened(prepared.data)
    assert (result.format, result.size, prepared.media_type) == ("PNG", (64, 48), "image/png")
    assert result.convert("RGB").getpixel((10, 10)) == (255, 0, 0)


def test_a_large_gif_becomes_a_png_of_its_first_frame() -> None:
    first = picture((3000, 1500)).convert("P")
    second = Image.new("RGB", (3000, 1500), "green").convert("P")
    data = encode(first, "GIF", save_all=True, append_images=[second])
    prepared = prepare_image(data, "anim.gif")
    result = opened(prepared.data)
    assert (result.format, result.size, prepared.media_type) == ("PNG", (2048, 1024), "image/png")
    assert result.convert("RGB").getpixel((10, 10)) == (255, 0, 0)  # the first frame, not green


def stripes(width: int, height: int) -> Image.Image:
    """Black and white columns one pixel wide, as a palette image."""
    image = Image.new("L", (width, height))
    image.putdata([255 * (x % 2) for _ in range(height) for x in range(width)])
    return image.convert("P")


def test_a_palette_image_is_downscaled_smoothly_not_by_dropping_pixels() -> None:
    # Pillow resizes palette images by nearest neighbour only: halved, these stripes
    # would come out all black or all white instead of grey.
    result = opened(prepare_image(encode(stripes(4096, 4), "PNG"), "stripes.png").data)
    assert result.size == (2048, 2)
    grey = result.convert("L").getpixel((1000, 1))
    assert isinstance(grey, int)
    assert 64 < grey < 192


def test_a_transparent_palette_png_keeps_its_transparency_when_downscaled() -> None:
    image = stripes(3000, 4)
    data = encode(image, "PNG", transparency=0)
    result = opened(prepare_image(data, "clear.png").data).convert("RGBA")
    alpha = result.getpixel((5, 1))
    assert isinstance(alpha, tuple)
    assert 0 < alpha[3] < 255  # half the pixels were see-through


def rotated_jpeg(size: tuple[int, int], orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return encode(picture(size), "JPEG", exif=exif, quality=95)


def test_exif_orientation_is_applied_before_downscaling() -> None:
    # Stored 4000x2000, to be shown turned a quarter: 2000x4000 upright.
    prepared = prepare_image(rotated_jpeg((4000, 2000), 6), "phone.jpg")
    assert (prepared.width, prepared.height) == (1024, 2048)
    result = opened(prepared.data)
    assert result.size == (1024, 2048)
    assert result.getexif().get(ORIENTATION, 1) == 1
    # Orientation 6 turns the picture clockwise: the red left half ends up on top.
    top, bottom = result.getpixel((512, 100)), result.getpixel((512, 1900))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_a_small_photo_needing_rotation_is_turned_upright() -> None:
    # A model reads pixels, not EXIF: sent as is, it would see the photo sideways.
    prepared = prepare_image(rotated_jpeg((300, 200), 6), "phone.jpg")
    assert (prepared.width, prepared.height) == (200, 300)
    assert opened(prepared.data).size == (200, 300)


def test_a_renamed_text_file_is_not_an_image() -> None:
    with pytest.raises(AttachmentError, match=r"^notes\.png is not an image$"):
        prepare_image(b"just some notes\n", "notes.png")


def test_a_truncated_png_is_damaged() -> None:
    # Noise does not compress: the pixel data is most of the file, so the cut lands in it.
    noise = Image.frombytes("RGB", (200, 200), bytes(range(256)) * 468 + bytes(range(192)))
    data = encode(noise, "PNG")
    with pytest.raises(AttachmentError, match=r"^cut\.png is damaged"):
        prepare_image(data[: len(data) // 2], "cut.png")


def test_a_truncated_jpeg_is_damaged() -> None:
    data = encode(picture((400, 400)), "JPEG")
    with pytest.raises(AttachmentError, match=r"^cut\.jpg is damaged"):
        prepare_image(data[: len(data) // 3], "cut.jpg")


@pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
def test_other_formats_are_refused_naming_the_format_and_what_is_accepted(fmt: str) -> None:
    with pytest.raises(AttachmentError) as caught:
        prepare_image(encode(picture((10, 10)), fmt), "old.img")
    message = str(caught.value)
    assert message.startswith(f"old.img is a {fmt} image")
    assert "PNG, JPEG, WEBP and GIF" in message


def test_a_decompression_bomb_is_refused_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's limit, lowered so a small file stands for a huge one.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    for size in ((40, 40), (100, 100)):  # over the limit, and over twice the limit
        data = encode(picture(size), "PNG")
        with pytest.raises(AttachmentError, match=r"^bomb\.png has too many pixels"):
            prepare_image(data, "bomb.png")


def test_looks_like_image_knows_images_by_their_content() -> None:
    assert looks_like_image(encode(picture((8, 8)), "PNG"))
    assert looks_like_image(encode(picture((8, 8)), "BMP"))
    assert not looks_like_image(b"P1\n2 2\n0 1\n1 0\n")  # text Pillow could take for a PBM
    assert not looks_like_image(b"BM but really a text file about cars\n")
    assert not looks_like_image(b"")
