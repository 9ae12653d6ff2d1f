"""Schemathesis hooks for the back office API, loaded by scripts/schemathesis.sh.

- `TerminalSignature`: signs every request to a terminal endpoint with a test terminal's P-256
  key (docs/sync-protocol.md, "Authentication"), so the fuzzing reaches past authentication.
  The request is signed as it goes on the wire (method, path and query, body bytes).
- A serializer for `application/vnd.loyalty.journal-batch` (the body is sent byte for byte) and
  a body strategy for the upload: well-formed batches of the signing terminal, and batches broken
  in each way the document names (docs/backoffice-api.yaml, `uploadBatch`).
- `refused_only_as_documented`: a request that fits the document is refused only for a reason
  the document gives beyond its schema.

Environment: LOYALTY_FUZZ_CREDENTIAL (the terminal's credential file, from
`loyalty-sim issuer enrol-terminal`), LOYALTY_FUZZ_USER_TOKEN (a back-office user's token).
"""
import hashlib
import json
import os
import re
import secrets
import struct
import time

import requests
import schemathesis
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation

BATCH_MEDIA_TYPE = "application/vnd.loyalty.journal-batch"
IDENTITY_HEADERS = ("Loyalty-Terminal", "Loyalty-Time", "Loyalty-Nonce")


def _load_credential():
    path = os.environ["LOYALTY_FUZZ_CREDENTIAL"]
    with open(path, encoding="utf-8") as file:
        credential = json.load(file)
    key = ec.derive_private_key(int(credential["privateKey"], 16), ec.SECP256R1())
    return int(credential["terminalID"]), key


TERMINAL_ID, TERMINAL_KEY = _load_credential()


def canonical_text(method, path, terminal, signed_at, nonce, body):
    """The text a terminal signs (SignedRequest.canonicalText in Sources/SyncProtocol)."""
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join(["LOYALTY-SYNC-1", method.upper(), path, terminal, signed_at, nonce, digest])


def signature(text):
    """ECDSA P-256 over SHA-256, `r ‖ s`, 128 lowercase hex digits."""
    r, s = decode_dss_signature(TERMINAL_KEY.sign(text.encode("utf-8"), ec.ECDSA(hashes.SHA256())))
    return (r.to_bytes(32, "big") + s.to_bytes(32, "big")).hex()


class SignRequest(requests.auth.AuthBase):
    """Signs a prepared request. With `fresh_identity` (the case's headers fit the schema) the
    identity headers become the test terminal's, the time now and a new nonce; otherwise the
    generated (broken) headers are kept and signed as they are. A request lacking an identity
    header (a check removed it) is left unsigned: the server must answer `missing-header`."""

    def __init__(self, fresh_identity):
        self.fresh_identity = fresh_identity

    def __call__(self, request):
        headers = request.headers
        if not all(name in headers for name in IDENTITY_HEADERS):
            return request
        if self.fresh_identity:
            headers["Loyalty-Terminal"] = str(TERMINAL_ID)
            headers["Loyalty-Time"] = str(int(time.time() * 1000))
            headers["Loyalty-Nonce"] = secrets.token_hex(16)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        text = canonical_text(
            request.method, request.path_url, headers["Loyalty-Terminal"], headers["Loyalty-Time"], headers["Loyalty-Nonce"], body
        )
        headers["Loyalty-Signature"] = signature(text)
        return request


@schemathesis.auth().apply_to(path_regex=r"^/v1/(journal/batches|documents/|members|refund-reservations|terminal-status)")
class TerminalSignature:
    def get(self, case, context):
        return True

    def set(self, case, data, context):
        negative_headers = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
        case._auth = SignRequest(fresh_identity=not negative_headers)


@schemathesis.auth().apply_to(path_regex=r"^/v1/(journal|terminals|alarms|reports/|cards/)")
class UserToken:
    def get(self, case, context):
        return os.environ["LOYALTY_FUZZ_USER_TOKEN"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.serializer(BATCH_MEDIA_TYPE)
def journal_batch(context, value):
    """The batch's bytes as they are (a generated `format: binary` string, or a batch built below)."""
    if isinstance(value, bytes):
        return value
    data = getattr(value, "data", None)
    if isinstance(data, bytes):
        return data
    return json.dumps(value).encode("utf-8") if not isinstance(value, str) else value.encode("utf-8")


# Batches, as docs/backoffice-api.yaml describes them: magic, terminal, count, transactions.
def encode_batch(terminal, transactions, magic=b"LJB1"):
    body = magic + struct.pack("<II", terminal, len(transactions))
    for sequence, recorded_at, payload in transactions:
        body += struct.pack("<QqI", sequence, recorded_at, len(payload)) + payload
    return body


def payload_of(sequence):
    """The same sequence always carries the same payload, so a batch sent again is a duplicate."""
    return json.dumps({"kind": "fuzz", "sequence": sequence}, separators=(",", ":")).encode()


transactions = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=2**63 - 1) | st.integers(min_value=1, max_value=500),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
    ).map(lambda t: (t[0], t[1], payload_of(t[0]))),
    min_size=1,
    max_size=20,
)
well_formed = transactions.map(lambda ts: encode_batch(TERMINAL_ID, ts))


@st.composite
def broken(draw):
    """A well-formed batch broken in one way the document names."""
    ts = draw(transactions)
    defect = draw(st.sampled_from(["magic", "truncated", "trailing", "empty", "zero-sequence", "payload-length", "other-terminal", "count"]))
    if defect == "magic":
        return encode_batch(TERMINAL_ID, ts, magic=draw(st.binary(min_size=4, max_size=4).filter(lambda m: m != b"LJB1")))
    if defect == "truncated":
        body = encode_batch(TERMINAL_ID, ts)
        return body[: draw(st.integers(min_value=0, max_value=len(body) - 1))]
    if defect == "trailing":
        return encode_batch(TERMINAL_ID, ts) + draw(st.binary(min_size=1, max_size=16))
    if defect == "empty":
        return encode_batch(TERMINAL_ID, [])
    if defect == "zero-sequence":
        return encode_batch(TERMINAL_ID, [(0, ts[0][1], ts[0][2])] + ts[1:])
    if defect == "payload-length":
        body = encode_batch(TERMINAL_ID, ts[:1])
        return body[:28] + struct.pack("<I", draw(st.integers(min_value=65537, max_value=2**32 - 1))) + body[32:]
    if defect == "other-terminal":
        return encode_batch(draw(st.integers(min_value=0, max_value=2**32 - 1).filter(lambda t: t != TERMINAL_ID)), ts)
    body = encode_batch(TERMINAL_ID, ts)
    return body[:8] + struct.pack("<I", draw(st.integers(min_value=0, max_value=2**32 - 1))) + body[12:]


@schemathesis.hook("flatmap_body").apply_to(path="/v1/journal/batches", method="POST")
def batch_bodies(context, body):
    """Generated bytes as they are, well-formed batches and broken ones."""
    if not isinstance(body, bytes) and not isinstance(getattr(body, "data", None), bytes):
        return st.just(body)
    return st.one_of(st.just(body), well_formed, broken())


# What the document gives as refusals of requests that fit its schema, by operation: status,
# `error` code and, where only some reasons of that code are, the reason.
DOCUMENTED = {
    ("POST", "/v1/journal/batches"): [
        (400, "invalid-request", None),  # the batch's form, which `format: binary` cannot say
        (403, "wrong-terminal", None),
        (409, "conflict", None),
    ],
    ("GET", "/v1/journal"): [(400, "invalid-request", re.compile(r"^after is not a cursor from this back office$"))],
    ("GET", "/v1/reports/retention"): [(400, "invalid-request", re.compile(r"is before the first"))],
    ("GET", "/v1/reports/approvals"): [(400, "invalid-request", re.compile(r"must be a whole number of seconds"))],
    # Members the back office does not hold, phones it cannot read, points it cannot hold.
    ("GET", "/v1/members/{member}"): [(404, "unknown-member", None), (400, "invalid-request", re.compile(r"member id"))],
    ("GET", "/v1/members"): [(404, "unknown-member", None), (400, "invalid-request", re.compile(r"phone must be"))],
    ("POST", "/v1/members/{member}/reservations"): [
        (404, "unknown-member", None),
        (409, "insufficient-points", None),
        (400, "invalid-request", None),
    ],
    # Sales the back office does not hold (the fuzzing terminal syncs none with a sale record),
    # or holds and cannot hold part of now.
    ("POST", "/v1/refund-reservations"): [
        (404, "unknown-sale", None),
        (409, "already-refunded", None),
        (409, "refund-in-progress", None),
        (409, "ambiguous-sale", None),
        (400, "invalid-request", None),
    ],
    # Figures the schema cannot tie together (records in use above the capacity).
    ("POST", "/v1/terminal-status"): [(400, "invalid-request", None)],
    # The fuzzing user is an auditor: the card acts are an admin's.
    ("POST", "/v1/cards/{card}/lost"): [(403, "forbidden", None)],
    ("POST", "/v1/cards/{card}/replacement"): [(403, "forbidden", None)],
}


@schemathesis.check
def refused_only_as_documented(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not 400 <= response.status_code < 500:
        return None
    try:
        answer = response.json()
    except Exception:  # noqa: BLE001 - a refusal without its JSON body is a failure too
        answer = {}
    error, reason = answer.get("error"), answer.get("reason", "")
    for status, code, pattern in DOCUMENTED.get((case.method.upper(), case.operation.path), []):
        if response.status_code == status and error == code and (pattern is None or pattern.search(reason)):
            return None
    raise AssertionError(
        f"a request that fits the schema was refused for a reason the document does not give: {response.status_code} {error}: {reason}"
    )
