"""Schemathesis checks for the POS API, loaded by scripts/fuzz-pos-api.sh and scripts/schemathesis.sh.

`refused_only_as_documented`: a request that fits docs/pos-api.yaml may still be refused with
400 `invalid-request`, but only for the reasons the document gives beyond its schema (the
`InvalidRequest` response): limits of the terminal's programme or configuration, the excluded
lines' total, a key twice in one object. Any other 400 to a schema-valid request is a
disagreement between the document and the server.
"""
import os
import re

import schemathesis

# (field, problem) pairs the document names as refusals of schema-valid requests.
DOCUMENTED = [
    (re.compile(r"amount"), re.compile(r"above the programme's maximum bill|must be from 1 to \d+ minor units")),
    (re.compile(r"excluded\[\d+\]\.amount"), re.compile(r"must be from 0 to \d+")),
    (re.compile(r"currency"), re.compile(r"is not the programme's currency")),
    (re.compile(r"excluded"), re.compile(r"more than the bill")),
    (re.compile(r"waitSeconds"), re.compile(r"must be from 1 to \d+")),
    (re.compile(r".+"), re.compile(r"appears twice in one object")),
    # A member without the card: exactly one of phone and memberId, a phone of 6 to 15 digits.
    (re.compile(r"member"), re.compile(r"exactly one of phone or memberId")),
    (re.compile(r"(member\.)?phone"), re.compile(r"must be a phone number")),
    (re.compile(r"member\.memberId"), re.compile(r"must be 1 to \d+ bytes on one line")),
    # An enrolment: the programme's consent, each consent once, a day of the month, a referrer's id.
    (re.compile(r"consents"), re.compile(r"must include programme|lists a consent twice")),
    (re.compile(r"birthday\.day"), re.compile(r"must be a day of month")),
    (re.compile(r"referrer"), re.compile(r"must be a member id of 1 to 32 bytes")),
    (re.compile(r"enrolmentId"), re.compile(r"must be 1 to \d+ bytes|may hold only")),
    # Till operations: ids as sale ids, texts counted in bytes and without control characters,
    # an adjustment's points within the programme's maximum and not 0.
    (re.compile(r"adjustmentId|reversalId|transactionId"), re.compile(r"must be 1 to \d+ bytes|may hold only")),
    (re.compile(r"reason|cashier|approval\.manager|approval\.token"), re.compile(r"must be 1 to \d+ bytes|may not hold control characters")),
    (re.compile(r"points"), re.compile(r"must be from -\d+ to \d+, and not 0")),
    (re.compile(r"approval"), re.compile(r"must be \{\"manager\", \"pin\"\} or \{\"token\"\}")),
]


def documented(problem):
    field, text = problem.get("field", ""), problem.get("problem", "")
    return any(f.fullmatch(field) and p.search(text) for f, p in DOCUMENTED)


@schemathesis.auth().apply_to(path_regex=r"^/v1/")
class PosToken:
    """The terminal's bearer token (`posAPI.tokenFile`), when LOYALTY_FUZZ_POS_TOKEN names it."""

    def get(self, case, context):
        return os.environ.get("LOYALTY_FUZZ_POS_TOKEN")

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.check
def refused_only_as_documented(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    try:
        problems = response.json().get("problems", [])
    except Exception:  # noqa: BLE001 - a 400 without its JSON body is a failure too
        problems = []
    unexplained = [p for p in problems if not documented(p)]
    if unexplained or not problems:
        raise AssertionError(
            "a request that fits the schema was refused for a reason the document does not give: "
            + (", ".join(f"{p.get('field')}: {p.get('problem')}" for p in unexplained) or response.text[:300])
        )
    return None
