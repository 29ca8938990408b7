"""The S3-compatible test server (moto in server mode, started by .ci/run): a boto3 client and
the variables that point the platform's settings at one bucket."""

import os

TEST_ACCESS_KEY = "cornouaille-test"
TEST_SECRET_KEY = "cornouaille-test-secret"
TEST_REGION = "eu-west-3"


def endpoint_url() -> str:
    return os.environ["S3_TEST_ENDPOINT_URL"].rstrip("/")


def s3_env(bucket: str) -> dict[str, str]:
    """The S3_* variables of the settings (cornouaille/settings/base.py) for `bucket`."""
    return {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint_url(),
        "S3_ACCESS_KEY_ID": TEST_ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": TEST_SECRET_KEY,
        "S3_REGION": TEST_REGION,
    }


def s3_client():
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url(),
        aws_access_key_id=TEST_ACCESS_KEY,
        aws_secret_access_key=TEST_SECRET_KEY,
        region_name=TEST_REGION,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def object_names(client, bucket: str) -> list[str]:
    names = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        names.extend(item["Key"] for item in page.get("Contents", []))
    return sorted(names)


def create_bucket(client, bucket: str) -> None:
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": TEST_REGION}
    )


def delete_bucket(client, bucket: str) -> None:
    for name in object_names(client, bucket):
        client.delete_object(Bucket=bucket, Key=name)
    client.delete_bucket(Bucket=bucket)
