"""The offer / expectations matrix as a section of the restitution report. A public document:
only surveys whose results are public are counted (like the public matrix page)."""

import hashlib

from apps.marketing.selectors import offer_expectation_matrix


def matrix_for_report() -> tuple[dict, str]:
    """(the matrix, a digest of what it shows) — the digest joins the report's fingerprint."""
    matrix = offer_expectation_matrix(private_surveys=False)
    content = [
        (
            row["public"].pk,
            [
                (c["level"], c["share_pct"], c["needs"], c["offers"], c["strengths"])
                for c in row["cells"]
            ],
        )
        for row in matrix["rows"]
    ]
    return matrix, hashlib.sha256(repr(content).encode()).hexdigest()[:16]
