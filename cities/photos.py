"""The sizes of a partner's photo that pages show, made once when the photo is uploaded."""

import datetime
import io

from django.core.files.base import ContentFile
from django.http import Http404
from PIL import Image, ImageOps

from office.downloads import send_file


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


def rendition_response(photo, size, *, shown_on, request):
    """One page size of a photo, for whoever may see `shown_on` (a partner, an exchange);
    the uploaded original itself is never sent."""
    if not shown_on.is_visible_to(request.user):
        raise Http404
    name = photo.rendition_name(size)
    storage = photo.image.storage
    if not storage.exists(name):
        raise Http404
    # A draft's photo must not stay in a shared cache after a staff preview.
    return send_file(
        storage.open(name, "rb"),
        filename=f"{shown_on.slug}-{photo.pk}-{size}.webp",
        content_type="image/webp",
        inline=True,
        public_for=datetime.timedelta(days=1) if shown_on.published else None,
    )
