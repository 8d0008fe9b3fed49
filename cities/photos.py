"""The sizes of a partner's photo that pages show, made once when the photo is uploaded."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps


def make_renditions(photo):
    """Write a WebP copy of the photo for each page width, beside the original file."""
    storage = photo.image.storage
    with photo.image.open("rb") as file, Image.open(file) as original:
        # Phones store the camera's rotation in EXIF; apply it before the EXIF is dropped.
        image = ImageOps.exif_transpose(original).convert("RGB")
    for size, width, height in photo.renditions:
        copy = image.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "WEBP", quality=80)
        name = photo.rendition_name(size)
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(buffer.getvalue()))
