"""Options of the S3-compatible media storage (django-storages), shared by the settings and the
tests that point the storage at a bucket of their own."""


def s3_storage_options(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    prefix: str = "",
    addressing_style: str = "path",
) -> dict:
    """Private objects only: no public ACL, no public URL. Downloads go through the
    permission-checked views, which stream the object (see README, « Running on several hosts »).
    """
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,  # None: boto3's own chain (IAM role, ~/.aws…)
        "secret_key": secret_key or None,
        "region_name": region or None,
        "location": prefix.strip("/"),
        "default_acl": "private",
        # A URL of an object is never handed out unsigned; if one ever is, it expires fast.
        "querystring_auth": True,
        "querystring_expire": 60,
        # Two uploads of « ordre-du-jour.pdf » never overwrite each other.
        "file_overwrite": False,
        "signature_version": "s3v4",
        # Path-style addressing works with every S3-compatible server (MinIO, Garage…).
        "addressing_style": addressing_style,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
