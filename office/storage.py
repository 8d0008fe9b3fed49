"""Uploads on disk, never half-written: a write that fails (a full disk) removes its file."""

import os

from django.core.files.storage import FileSystemStorage


class UploadStorage(FileSystemStorage):
    """Django's file storage, except that a failed write leaves no partial file behind:
    a part of a delegation's document that no row points to and no purge would find."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except BaseException:
            path = self.path(name)
            # Django opens the file exclusively, so a file there now is this write's own.
            if os.path.exists(path):
                os.remove(path)
            raise
