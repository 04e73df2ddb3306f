"""Private storage on S3-compatible storage: private objects, and no address handed out.

Only imported (by name, from ``STORAGES["private"]``) when a bucket is configured, so a machine
without S3 never loads boto3 for it. https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
"""

from storages.backends.s3 import S3Storage

from .storage import NoAddress


class PrivateS3Storage(NoAddress, S3Storage):
    """Objects uploaded with a private ACL, read back only through the application."""
