"""Storage for files nobody may fetch by address: applicants' documents.

A public storage's ``url()`` gives an address the web server (or S3) serves to anyone who has it.
These files have none: asking for one is a mistake in the code, so it fails loudly. They are only
ever read through a view that checks who is asking and records it.
https://docs.djangoproject.com/en/5.2/ref/settings/#storages
"""

from django.core.files.storage import FileSystemStorage


class NoAddress:
    """Mixed into a storage: ``url()`` refuses, so no template or serializer can hand out an address."""

    def url(self, name, *args, **kwargs):
        raise NotImplementedError(
            "Files in private storage have no address: stream them through a view that checks who is asking."
        )


class PrivateFileSystemStorage(NoAddress, FileSystemStorage):
    """A folder outside MEDIA_ROOT (``PRIVATE_MEDIA_ROOT``), which nothing serves."""
