"""Photo processing: any common picture becomes a clean 256x256 JPEG, anything else a message."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cohousing.people.services import MAX_PHOTO_BYTES, process_photo
from cohousing.rules import RuleError
from tests.fixtures.households import image_bytes


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_common_formats_become_a_256_square_jpeg(fmt):
    result = opened(process_photo(io.BytesIO(image_bytes(fmt, (640, 480)))))
    assert result.format == "JPEG"
    assert result.size == (256, 256)
    assert result.mode == "RGB"


def test_the_crop_is_centred():
    source = Image.new("RGB", (900, 300), "blue")
    source.paste(Image.new("RGB", (300, 300), "red"), (300, 0))  # the middle third is red
    buffer = io.BytesIO()
    source.save(buffer, "PNG")
    result = opened(process_photo(io.BytesIO(buffer.getvalue())))
    for point in [(5, 5), (250, 250), (128, 128)]:
        red, _green, blue = result.getpixel(point)
        assert red > 200 and blue < 60


def test_a_phone_photo_is_turned_upright_and_loses_its_metadata():
    source = Image.new("RGB", (400, 200), "blue")
    source.paste(Image.new("RGB", (200, 200), "red"), (0, 0))  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned, rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"  # make
    exif[0x0132] = "2026:11:25 10:00:00"  # date
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", exif=exif.tobytes())

    data = process_photo(io.BytesIO(buffer.getvalue()))
    result = opened(data)
    top, bottom = result.getpixel((128, 20)), result.getpixel((128, 235))
    assert top[0] > 200 and top[2] < 60  # what was on the left is now on top
    assert bottom[2] > 200 and bottom[0] < 60
    assert len(result.getexif()) == 0
    assert "exif" not in result.info and "icc_profile" not in result.info
    assert b"PhoneMaker" not in data


def test_transparent_parts_become_white():
    result = opened(process_photo(io.BytesIO(image_bytes("PNG", (300, 300), (0, 0, 0, 0)))))
    assert min(result.getpixel((128, 128))) > 240


def test_an_animated_gif_keeps_its_first_frame():
    frames = [Image.new("RGB", (100, 100), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    red, _green, blue = opened(process_photo(io.BytesIO(buffer.getvalue()))).getpixel((5, 5))
    assert red > 200 and blue < 60


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.4 this is not a picture",
        image_bytes("JPEG")[:200],  # cut off half way
        image_bytes("BMP"),  # a picture, but not one of the formats we take
    ],
    ids=["empty", "pdf", "truncated", "bmp"],
)
def test_what_is_not_a_usable_picture_is_refused(data):
    with pytest.raises(RuleError) as error:
        process_photo(io.BytesIO(data))
    assert "not a picture" in str(error.value)


def test_over_5_mb_is_refused():
    with pytest.raises(RuleError) as error:
        process_photo(io.BytesIO(b"\xff\xd8" + b"0" * MAX_PHOTO_BYTES))
    assert "5 MB" in str(error.value)


@pytest.mark.parametrize("size", [(120, 100), (400, 400)], ids=["over-limit", "over-twice"])
def test_decompression_bombs_are_refused(monkeypatch, size):
    """A small file can claim a huge image; over Pillow's limit it is refused, not opened."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(RuleError) as error:
        process_photo(io.BytesIO(image_bytes("PNG", size)))
    assert "too large in pixels" in str(error.value)
