#!/usr/bin/env python3
"""An independent reader of terminal journals, written from docs/journal-format.md and
docs/ledger-format.md alone (Python 3 standard library only).

For each journal file given, it reads the superblocks, runs the recovery rule over every slot
(CRC-32C in pure Python), reads every retained transaction, decodes every ledger entry
(including the compact member state) and checks it against the documents, then compares its
figures with `loyalty-terminal journal verify --json` and its transactions with
`loyalty-terminal journal export`. Exit status 1 on any disagreement.

    scripts/independent-journal-reader.py [--bin PATH/loyalty-terminal] JOURNAL...
"""

import argparse
import base64
import json
import os
import subprocess
import sys

# ---------------------------------------------------------------- CRC-32C (journal-format.md)

def _crc_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc_table()


def crc32c(data):
    c = 0xFFFFFFFF
    t = _TABLE
    for b in data:
        c = t[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283
assert crc32c(bytes(32)) == 0x8A9136AA


def le(buf, off, size):
    return int.from_bytes(buf[off:off + size], "little")


class Problem(Exception):
    pass

# ---------------------------------------------------------------- superblock


SB_MAGIC = b"LOYJRNL\x00"
RECORDS_OFFSET = 8192


def decode_superblock(b):
    """The copy's fields if it is valid (rules 1-6; rule 7 is checked by the caller)."""
    if b[0:8] != SB_MAGIC:
        return None
    if crc32c(b[0:252]) != le(b, 252, 4):
        return None
    if le(b, 8, 2) != 1 or le(b, 10, 2) != 256 or le(b, 24, 8) != RECORDS_OFFSET:
        return None
    record_size = le(b, 12, 4)
    file_size = int.from_bytes(b[16:24], "little", signed=True)
    max_parts = le(b, 48, 2)
    if not (512 <= record_size <= 4096 and record_size & (record_size - 1) == 0):
        return None
    if file_size <= RECORDS_OFFSET or not (1 <= max_parts <= 256):
        return None
    slots = (file_size - RECORDS_OFFSET) // record_size
    if slots < max(4, 2 * max_parts) or le(b, 32, 8) != slots:
        return None
    return dict(record_size=record_size, file_size=file_size, slot_count=slots,
                journal_id=le(b, 40, 8), max_parts=max_parts, created_at=le(b, 56, 8),
                generation=le(b, 64, 8), sync_record=le(b, 72, 8), sync_sequence=le(b, 80, 8),
                synced_at=le(b, 88, 8))

# ---------------------------------------------------------------- records


class Journal:
    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = f.read()
        if len(self.data) < RECORDS_OFFSET:
            raise Problem("not a journal (shorter than 8192 bytes)")
        copies = [decode_superblock(self.data[0:256]), decode_superblock(self.data[4096:4096 + 256])]
        self.copies_valid = [c is not None and c["generation"] % 2 == i for i, c in enumerate(copies)]
        valid = [c for i, c in enumerate(copies) if self.copies_valid[i]]
        if not valid:
            raise Problem("not a journal (no valid superblock)")
        self.sb = max(valid, key=lambda c: c["generation"])
        if self.sb["file_size"] != len(self.data):
            raise Problem("size mismatch")
        self.rs = self.sb["record_size"]
        self.slots = self.sb["slot_count"]
        self.cap = self.rs - 52
        self.zero = bytes(self.rs)
        self._cache = {}

    def slot_bytes(self, s):
        o = RECORDS_OFFSET + s * self.rs
        return self.data[o:o + self.rs]

    def check(self, s):
        """(header dict, None) or (None, problem text) for slot s, tests 1-5 in order."""
        hit = self._cache.get(s)
        if hit is not None:
            return hit
        b = self.slot_bytes(s)
        result = self._check(b, s)
        self._cache[s] = result
        return result

    def _check(self, b, s):
        if b[0:4] != b"LJRC" or le(b, 4, 2) != 1:
            return None, ("blank slot" if b == self.zero else "not a journal record (bad magic or version)")
        if crc32c(b[0:self.rs - 4]) != le(b, self.rs - 4, 4):
            return None, "checksum mismatch"
        if le(b, 8, 8) != self.sb["journal_id"]:
            return None, "record of another journal"
        h = dict(number=le(b, 16, 8), sequence=le(b, 24, 8), timestamp=le(b, 32, 8),
                 part=le(b, 40, 2), count=le(b, 42, 2), length=le(b, 44, 2))
        if h["number"] % self.slots != s:
            return None, "record %d found in the wrong slot" % h["number"]
        if not (h["sequence"] >= 1 and 1 <= h["count"] <= self.sb["max_parts"] and h["part"] < h["count"]
                and h["length"] <= self.cap and h["number"] >= h["part"]
                and le(b, 6, 2) == 0 and le(b, 46, 2) == 0):
            return None, "impossible header fields"
        h["payload"] = b[48:48 + h["length"]]
        return h, None

    def describe(self, header, problem, expected, last):
        if header is None:
            return problem
        if header["number"] < expected:
            return "record %d from an earlier lap" % header["number"]
        if header["number"] > expected:
            return "record %d from a later lap" % header["number"]
        return "transaction %d part %d/%d breaks the chain after transaction %d" % (
            header["sequence"], header["part"] + 1, header["count"], last)

    # ------------------------------------------------------------ the recovery rule

    def recover(self):
        S, Q, N, M = self.sb["sync_record"], self.sb["sync_sequence"], self.slots, self.sb["max_parts"]
        H, L = S, Q
        open_tx = None
        n, end = S, S + N
        # 1. the walk
        while n < end:
            h, _ = self.check(n % N)
            ok = False
            if h is not None and h["number"] == n:
                if open_tx is not None:
                    if (h["sequence"] == open_tx["seq"] and h["part"] == open_tx["next"]
                            and h["count"] == open_tx["count"] and h["timestamp"] == open_tx["ts"]):
                        open_tx["next"] += 1
                        ok = True
                elif h["sequence"] == L + 1 and h["part"] == 0:
                    open_tx = dict(seq=h["sequence"], count=h["count"], next=1, ts=h["timestamp"])
                    ok = True
            if not ok:
                break
            if open_tx["next"] == open_tx["count"]:
                H, L, open_tx = n + 1, open_tx["seq"], None
            n += 1
        b = n
        W = H + M
        live, pending, history_damage, traces = [], [], [], 0
        chain = None  # (start record, start sequence, sequence, count, next)

        def explained(h):
            if h["sequence"] == L + 1 and h["number"] - h["part"] == H:
                return True
            return h["sequence"] <= L and h["number"] < W

        def evidence():
            nonlocal pending, history_damage, traces, chain
            live.extend(pending)
            pending, history_damage, traces, chain = [], [], 0, None

        def history(n, s, h, problem):
            nonlocal chain
            if n < N:
                return
            p = n - N
            if h is None or h["number"] != p:
                chain = None
                if n >= W:
                    history_damage.append(dict(region="history", slot=s, fileOffset=RECORDS_OFFSET + s * self.rs,
                                               expectedRecord=p, problem=self.describe(h, problem, p, L)))
                return
            if chain is not None and chain[4] < chain[3]:
                if h["sequence"] == chain[2] and h["part"] == chain[4] and h["count"] == chain[3]:
                    chain = (chain[0], chain[1], chain[2], chain[3], chain[4] + 1)
                    return
            elif chain is not None and h["sequence"] == chain[2] + 1 and h["part"] == 0:
                chain = (chain[0], chain[1], h["sequence"], h["count"], 1)
                return
            chain = (p, h["sequence"], h["sequence"], h["count"], 1) if h["part"] == 0 else None

        # 2. after the break
        while n < end:
            s = n % N
            h, problem = self.check(s)
            current = h is not None and h["number"] == n
            if current and n != b:
                if explained(h):
                    traces += 1
                else:
                    evidence()
                chain = None
            else:
                pending.append(dict(region="live", slot=s, fileOffset=RECORDS_OFFSET + s * self.rs,
                                    expectedRecord=n, problem=self.describe(h, problem, n, L)))
                if current and not explained(h):
                    evidence()
                history(n, s, h, problem)
            n += 1
        oldest = (S, Q + 1)
        if not live and chain is not None and chain[4] == chain[3] and chain[2] == Q:
            oldest = (chain[0], chain[1])
        self.head, self.last, self.oldest = H, L, oldest
        self.live, self.history_damage = live, history_damage
        self.traces = 0 if live else traces
        return self

    # ------------------------------------------------------------ transactions

    def transactions(self):
        number, sequence = self.oldest
        while number < self.head:
            h, problem = self.check(number % self.slots)
            if h is None or h["number"] != number or h["sequence"] != sequence or h["part"] != 0:
                raise Problem("record %d is not the start of transaction %d" % (number, sequence))
            first, payload = h, bytearray()
            for k in range(first["count"]):
                r, _ = self.check((number + k) % self.slots)
                if r is None or r["number"] != number + k or r["sequence"] != sequence or r["part"] != k \
                        or r["count"] != first["count"]:
                    raise Problem("transaction %d part %d missing at record %d" % (sequence, k, number + k))
                payload += r["payload"]
            yield dict(sequence=sequence, timestampMs=first["timestamp"], firstRecord=number,
                       records=first["count"], payloadBytes=len(payload),
                       payloadBase64=base64.b64encode(bytes(payload)).decode(),
                       synced=sequence <= self.sb["sync_sequence"])
            number += first["count"]
            sequence += 1

# ---------------------------------------------------------------- ledger entries (ledger-format.md)


def encode_json(value):
    """JSON as the ledger writes it: sorted keys, no whitespace, '/' escaped."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        out = ['"']
        for ch in value:
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "/":
                out.append("\\/")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif ch == "\b":
                out.append("\\b")
            elif ch == "\f":
                out.append("\\f")
            elif ord(ch) < 0x20:
                out.append("\\u%04x" % ord(ch))
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(value, list):
        return "[" + ",".join(encode_json(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode())
        return "{" + ",".join(encode_json(k) + ":" + encode_json(value[k]) for k in keys) + "}"
    raise Problem("unexpected JSON value %r" % (value,))


class Bytes:
    def __init__(self, data):
        self.data, self.at = data, 0

    def byte(self):
        if self.at >= len(self.data):
            raise Problem("state truncated")
        self.at += 1
        return self.data[self.at - 1]

    def uvar(self):
        value = 0
        for shift in range(0, 64, 7):
            b = self.byte()
            if shift == 63 and b > 1:
                raise Problem("state: overlong integer")
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
        raise Problem("state: overlong integer")

    def svar32(self):
        u = self.uvar()
        v = (u >> 1) ^ -(u & 1)
        if not -2**31 <= v < 2**31:
            raise Problem("state: value out of range")
        return v

    def amount(self):
        u = self.uvar()
        if u > 2**63 - 1:
            raise Problem("state: amount out of range")
        return u

    def count(self, bound):
        n = self.uvar()
        if n > bound:
            raise Problem("state: too many items")
        return n

    def string(self, bound):
        n = self.count(bound)
        if len(self.data) - self.at < n:
            raise Problem("state truncated")
        raw = self.data[self.at:self.at + n]
        self.at += n
        return raw.decode("utf-8")

    def months(self, bound):
        items, previous = [], 0
        for _ in range(self.count(bound)):
            previous += self.svar32()
            if not -2**31 <= previous < 2**31:
                raise Problem("state: month out of range")
            items.append((previous, self.amount()))
        return items


def decode_state(data):
    r = Bytes(data)
    if r.byte() != 1:
        raise Problem("state: unsupported format")
    flags = r.byte()
    st = dict(flags=flags, hasPurchased=bool(flags & 1))
    st["tierId"] = r.string(16)
    st["debt"] = r.amount()
    st["lots"] = r.months(37)
    st["tierReviewMonth"] = r.svar32() if flags & 2 else None
    st["spend"] = r.months(24)
    st["lastVisit"] = r.svar32() if flags & 4 else None
    st["birthdayYear"] = r.svar32() if flags & 8 else None
    st["lastGrantSequence"] = r.uvar()
    st["onceEvents"] = [r.string(16) for _ in range(r.count(16))]
    st["lastGiftMonth"] = r.svar32() if flags & 16 else None
    st["consecutiveRedemptions"] = r.count(2**31 - 1)
    st["offlineDay"] = r.svar32() if flags & 32 else None
    st["pointsToday"] = r.amount()
    st["refunds"] = [(r.string(32), r.amount()) for _ in range(r.count(4))]
    st["lastAdjustmentSequence"] = r.uvar() if flags & 64 else None
    if st["lastAdjustmentSequence"] == 0:
        raise Problem("state: lastAdjustmentSequence present but 0")
    st["redeemedDay"] = r.svar32() if flags & 128 else None
    st["redeemedToday"] = r.amount() if flags & 128 else 0
    if r.at != len(data):
        raise Problem("state: trailing bytes")
    return st


def encode_state(st):
    out = bytearray()

    def uvar(v):
        while v >= 0x80:
            out.append((v & 0x7F) | 0x80)
            v >>= 7
        out.append(v)

    def svar(v):
        uvar(2 * v if v >= 0 else -2 * v - 1)

    def string(t):
        raw = t.encode("utf-8")
        uvar(len(raw))
        out.extend(raw)

    def months(items):
        uvar(len(items))
        previous = 0
        for month, amount in items:
            svar(month - previous)
            previous = month
            uvar(amount)

    out.append(1)
    flags = (1 if st["hasPurchased"] else 0) | (2 if st["tierReviewMonth"] is not None else 0) \
        | (4 if st["lastVisit"] is not None else 0) | (8 if st["birthdayYear"] is not None else 0) \
        | (16 if st["lastGiftMonth"] is not None else 0) | (32 if st["offlineDay"] is not None else 0) \
        | (64 if st["lastAdjustmentSequence"] is not None else 0) | (128 if st["redeemedDay"] is not None else 0)
    out.append(flags)
    string(st["tierId"])
    uvar(st["debt"])
    months(st["lots"])
    if st["tierReviewMonth"] is not None:
        svar(st["tierReviewMonth"])
    months(st["spend"])
    for key in ("lastVisit", "birthdayYear"):
        if st[key] is not None:
            svar(st[key])
    uvar(st["lastGrantSequence"])
    uvar(len(st["onceEvents"]))
    for kind in st["onceEvents"]:
        string(kind)
    if st["lastGiftMonth"] is not None:
        svar(st["lastGiftMonth"])
    uvar(st["consecutiveRedemptions"])
    if st["offlineDay"] is not None:
        svar(st["offlineDay"])
    uvar(st["pointsToday"])
    uvar(len(st["refunds"]))
    for sale_id, amount in st["refunds"]:
        string(sale_id)
        uvar(amount)
    if st["lastAdjustmentSequence"] is not None:
        uvar(st["lastAdjustmentSequence"])
    if st["redeemedDay"] is not None:
        svar(st["redeemedDay"])
        uvar(st["redeemedToday"])
    return bytes(out)


def is_int(v, lo=0, hi=2**64 - 1):
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


U32, U64, I64 = (0, 2**32 - 1), (0, 2**64 - 1), (-2**63, 2**63 - 1)
TAP_KINDS = ("sale", "refund", "balance")
RULES = {"earning", "tierMultiplier", "visit", "tierDiscount", "tierChange", "monthlyGift", "birthday",
         "referral", "winBack", "event", "redemption", "refund", "expiry", "debt", "ledger"}
ALLOWED = {
    "sale": {"format", "kind", "terminalId", "time", "requestId", "sale", "member", "card", "trust", "cardCounter",
             "previousWrite", "carriedForward", "saleRecord", "state", "programme", "referrerReward", "answer",
             "confirmed", "unresolved", "approval", "cashier"},
    "refund": {"format", "kind", "terminalId", "time", "requestId", "refundedSaleId", "refundAmount", "refund", "member",
               "card", "trust", "cardCounter", "previousWrite", "carriedForward", "saleRecord", "state", "programme", "answer",
               "confirmed", "unresolved"},
    "balance": {"format", "kind", "terminalId", "time", "member", "card", "trust", "cardCounter", "previousWrite",
                "carriedForward", "state", "programme", "answer", "confirmed", "unresolved"},
    "void": {"format", "kind", "terminalId", "time", "carriedForward", "confirmed", "unresolved", "voided", "reason"},
    "checkpoint": {"format", "kind", "terminalId", "time", "carriedForward", "confirmed", "unresolved"},
    "survey": {"format", "kind", "terminalId", "time", "member", "carriedForward", "confirmed", "unresolved", "survey"},
}
REQUIRED = {
    "sale": {"requestId", "sale", "member", "card", "trust", "saleRecord", "state", "answer"},
    "refund": {"requestId", "refundedSaleId", "member", "card", "trust", "saleRecord", "state", "answer"},
    "balance": {"member", "card", "trust", "state", "answer"},
    "void": {"voided", "reason"},
    "checkpoint": set(),
    "survey": {"survey"},
}


def check_entry(payload, counts):
    """Decodes one payload; returns a list of disagreements with ledger-format.md."""
    bad = []
    if payload[:1] != b"{":
        counts["foreign"] += 1
        return bad
    try:
        e = json.loads(payload.decode("utf-8"))
    except ValueError:
        counts["foreign"] += 1
        return bad
    base = {"format", "kind", "terminalId", "time", "carriedForward", "confirmed"}
    if not isinstance(e, dict) or not base <= set(e) or e.get("kind") not in ALLOWED:
        counts["foreign"] += 1
        return bad
    if e["format"] != 1:
        counts["unknown format"] += 1
        return ["format %r is not 1" % (e["format"],)]
    kind = e["kind"]
    counts["entries"] += 1
    counts["kind " + kind] += 1
    if encode_json(e).encode("utf-8") != payload:
        bad.append("re-encoding (sorted keys, no whitespace, '\\/') does not give the payload back")
    extra = set(e) - ALLOWED[kind]
    missing = (REQUIRED[kind] | base) - set(e)
    if extra:
        bad.append("%s entry has %s" % (kind, sorted(extra)))
    if missing:
        bad.append("%s entry lacks %s" % (kind, sorted(missing)))
    if not (is_int(e["terminalId"], *U32) and is_int(e["time"], *I64)):
        bad.append("terminalId or time")
    for key in ("carriedForward", "confirmed", "unresolved"):
        if key in e and not (isinstance(e[key], list) and all(is_int(v, *U64) for v in e[key])):
            bad.append(key + " is not a list of sequences")
    if "unresolved" in e and not e["unresolved"]:
        bad.append("unresolved present but empty")
    if kind == "survey":
        v = e.get("survey")
        if not (isinstance(v, dict) and set(v) <= {"score", "comment", "saleId"} and is_int(v.get("score"), 0, 10)
                and isinstance(v.get("comment", ""), str) and len(v.get("comment", "")) <= 500
                and isinstance(v.get("saleId", ""), str)):
            bad.append("survey shape")
    if kind in ("void", "checkpoint", "survey") and e["carriedForward"]:
        bad.append("carriedForward not empty in a " + kind)
    if "previousWrite" in e:
        w = e["previousWrite"]
        if not (isinstance(w, dict) and set(w) == {"sequence", "terminalId"} and is_int(w["sequence"], *U64)
                and is_int(w["terminalId"], *U32)):
            bad.append("previousWrite shape")
        counts["previousWrite"] += 1
    if kind == "void" and not (is_int(e.get("voided"), *U64) and isinstance(e.get("reason"), str)):
        bad.append("void shape")
    if kind in TAP_KINDS:
        trust = e.get("trust")
        if trust == "member-card":
            if not is_int(e.get("cardCounter"), *U32):
                bad.append("member-card entry without cardCounter")
        elif trust == "uid-only":
            counts["uid-only"] += 1
            if "cardCounter" in e or "previousWrite" in e or not e.get("card", "").startswith("uid:") \
                    or e.get("card") != e.get("member"):
                bad.append("uid-only entry shape")
        else:
            bad.append("trust %r" % (trust,))
        if "sale" in e:
            s = e["sale"]
            red = s.get("redemption")
            if not (set(s) == {"saleId", "amount", "currency", "excluded", "redemption"}
                    and 1 <= len(s["saleId"].encode()) <= 32 and is_int(s["amount"], *I64)
                    and isinstance(s["excluded"], list)
                    and all(set(x) == {"amount", "kind"} for x in s["excluded"])
                    and (red in ("none", "maximum") or is_int(red, *I64))):
                bad.append("sale shape")
        if "saleRecord" in e:
            r = e["saleRecord"]
            keys = {"saleId", "day", "amount", "qualifyingSpend", "billPoints", "bonusPoints", "redeemedPoints",
                    "refundedAmount"}
            if set(r) != keys or not all(is_int(r[k], *I64) for k in keys - {"saleId"}):
                bad.append("saleRecord shape")
            elif abs(r["day"] - e["time"] // 86400) > 1:
                bad.append("saleRecord.day %d is not the local day of time %d" % (r["day"], e["time"]))
            if kind == "sale" and (r["saleId"] != e["requestId"] or r["refundedAmount"] != 0):
                bad.append("a sale's saleRecord")
            if kind == "refund" and r["saleId"] != e.get("refundedSaleId"):
                bad.append("a refund's saleRecord names another sale")
        if "refund" in e:
            d = e["refund"]
            if not (isinstance(d, dict) and {"saleTerminal", "amount", "basis"} <= set(d)
                    and set(d) <= {"saleTerminal", "saleSequence", "amount", "basis"}
                    and is_int(d["saleTerminal"], *U32) and is_int(d["amount"], *I64)
                    and d["basis"] in ("journal", "back-office", "receipt")
                    and ("saleSequence" not in d or is_int(d["saleSequence"], *U64))):
                bad.append("refund details shape %r" % (d,))
            elif d["amount"] != e.get("answer", {}).get("refundedAmount"):
                bad.append("refund.amount is not the answer's refundedAmount")
        if "programme" in e:
            p = e["programme"]
            if not (isinstance(p, dict) and set(p) == {"id", "version"} and isinstance(p["id"], str)
                    and 1 <= len(p["id"].encode()) <= 64 and is_int(p["version"], *I64)):
                bad.append("programme shape %r" % (p,))
            else:
                counts["programme %s v%d" % (p["id"], p["version"])] += 1
        if "referrerReward" in e:
            counts["referrerReward"] += 1
            r = e["referrerReward"]
            if not (isinstance(r, dict) and set(r) == {"points", "referrerId", "saleId"} and is_int(r["points"], *I64)
                    and isinstance(r["referrerId"], str) and 1 <= len(r["referrerId"].encode()) <= 32):
                bad.append("referrerReward shape %r" % (r,))
            elif r["saleId"] != e.get("requestId"):
                bad.append("referrerReward.saleId %r is not the sale %r" % (r["saleId"], e.get("requestId")))
        try:
            st = decode_state(base64.b64decode(e["state"], validate=True))
            counts["states"] += 1
            if base64.b64encode(encode_state(st)).decode() != e["state"]:
                bad.append("compact state does not re-encode to the same bytes")
        except (Problem, ValueError, KeyError) as error:
            bad.append("state: %s" % error)
            st = None
        a = e.get("answer", {})
        expect = {"outcome": "completed", "kind": kind, "replayed": False, "memberId": e.get("member"),
                  "trust": trust}
        for key, value in expect.items():
            if a.get(key) != value:
                bad.append("answer.%s is %r, not %r" % (key, a.get(key), value))
        if a.get("requestId") != e.get("requestId"):
            bad.append("answer.requestId")
        if kind == "refund" and a.get("saleId") != e.get("refundedSaleId"):
            bad.append("answer.saleId")
        if set(a) & {"journalSequence", "refusal", "problems"}:
            bad.append("answer has journalSequence, refusal or problems")
        if ("bill" in a) != (kind == "sale"):
            bad.append("answer.bill present for a non-sale or absent for a sale")
        points = a.get("points", {})
        if set(points) != {"bonus", "earned", "expired", "net", "redeemed", "returned", "takenBack", "writtenOff"}:
            bad.append("answer.points shape")
        for line in a.get("lines", []):
            if set(line) != {"points", "rule", "text"} or line["rule"] not in RULES:
                bad.append("answer line %r" % (line,))
        if "tierChange" in a:
            counts["tierChange"] += 1
            if set(a["tierChange"]) != {"from", "kind", "qualifyingSpend", "reason", "threshold", "to"} \
                    or a["tierChange"]["kind"] not in ("upgrade", "downgrade"):
                bad.append("answer.tierChange shape")
        if st is not None:
            balance = sum(points for _, points in st["lots"]) - st["debt"]
            if a.get("balance") != balance:
                bad.append("answer.balance %r, state's lots minus debt %d" % (a.get("balance"), balance))
            if a.get("tier") != st["tierId"]:
                bad.append("answer.tier %r, state's tierId %r" % (a.get("tier"), st["tierId"]))
            if "saleRecord" in e and kind == "sale" and st["lastVisit"] != e["saleRecord"]["day"] \
                    and e["saleRecord"]["qualifyingSpend"] > 0:
                counts["sale day differs from lastVisit"] += 1
    return bad

# ---------------------------------------------------------------- comparison with the binaries


def run(binary, *args):
    done = subprocess.run([binary, "journal", *args], capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def read_journal(path, binary, totals):
    disagreements = []

    def disagree(text):
        disagreements.append(text)

    code, out, err = run(binary, "verify", "--path", path, "--json")
    try:
        j = Journal(path).recover()
    except Problem as problem:
        expected = "was created with" if "size mismatch" in str(problem) else "is not a journal"
        if code == 0 or out.strip() or expected not in err:
            disagree("this reader: %s; journal verify: exit %d %s" % (problem, code, (out + err).strip()[:200]))
        return disagreements, "refused: %s" % problem
    if not out.strip():
        return ["journal verify failed: %s" % err.strip()], ""
    v = json.loads(out)
    mine = dict(
        slotsScanned=j.slots, headRecord=j.head, headSequence=j.last, syncRecord=j.sb["sync_record"],
        syncSequence=j.sb["sync_sequence"], oldestSequence=j.oldest[1], interruptedAppendSlots=j.traces,
        superblockGeneration=j.sb["generation"], superblockCopiesValid=j.copies_valid,
        liveDamage=len(j.live), historyDamage=len(j.history_damage),
        clean=not j.live and not j.history_damage,
        damage=(j.live + j.history_damage)[:32])
    for key, value in mine.items():
        if v.get(key) != value:
            disagree("verify %s: journal verify says %r, this reader %r" % (key, v.get(key), value))
    if (code == 0) != mine["clean"]:
        disagree("verify exit status %d" % code)
    summary = "%d slots, head sequence %d (record %d), sync %d, oldest %d, torn tail %d, damage %d live / %d history" % (
        j.slots, j.last, j.head, j.sb["sync_sequence"], j.oldest[1], j.traces, len(j.live), len(j.history_damage))
    totals["journals"] += 1
    if j.live:
        code, out, err = run(binary, "export", "--path", path)
        if code == 0:
            disagree("journal export opened a journal with live damage")
        return disagreements, summary
    code, out, err = run(binary, "export", "--path", path)
    if code != 0:
        return disagreements + ["journal export failed: %s" % err.strip()], summary
    exported = [json.loads(line) for line in out.splitlines() if line.strip()]
    try:
        ours = list(j.transactions())
    except Problem as problem:
        return disagreements + ["reading transactions: %s" % problem], summary
    if len(exported) != len(ours):
        disagree("journal export gives %d transactions, this reader %d" % (len(exported), len(ours)))
    for theirs, mine_tx in zip(exported, ours):
        if theirs != mine_tx:
            disagree("transaction %d: export %s, this reader %s" % (
                mine_tx["sequence"], {k: theirs.get(k) for k in mine_tx if k != "payloadBase64" and theirs.get(k) != mine_tx[k]},
                {k: mine_tx[k] for k in mine_tx if k != "payloadBase64" and theirs.get(k) != mine_tx[k]}))
            if len(disagreements) > 20:
                break
    totals["transactions"] += len(ours)
    for tx in ours:
        for problem in check_entry(base64.b64decode(tx["payloadBase64"]), totals):
            disagree("transaction %d: %s" % (tx["sequence"], problem))
            if len(disagreements) > 40:
                return disagreements, summary
    return disagreements, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--bin", default=os.environ.get(
        "LOYALTY_TERMINAL", os.path.join(here, "..", ".build", "debug", "loyalty-terminal")))
    parser.add_argument("--quiet", action="store_true", help="one line per journal only when it disagrees")
    parser.add_argument("journals", nargs="+")
    args = parser.parse_args()
    from collections import Counter
    totals = Counter()
    failed = 0
    for path in args.journals:
        disagreements, summary = read_journal(path, args.bin, totals)
        if disagreements:
            failed += 1
            print("DISAGREE %s: %s" % (path, summary))
            for text in disagreements[:40]:
                print("  " + text)
        elif not args.quiet:
            print("agree %s: %s" % (path, summary))
    print("journals: %d read, %d agree with journal verify/export, %d disagree" % (
        len(args.journals), len(args.journals) - failed, failed))
    print("transactions: %d (all compared with journal export); ledger entries: %d (%s); foreign payloads: %d; "
          "member states decoded: %d" % (
              totals["transactions"], totals["entries"],
              ", ".join("%s %d" % (k[5:], totals[k]) for k in sorted(totals) if k.startswith("kind ")),
              totals["foreign"], totals["states"]))
    print("priced by: %s; referrer rewards: %d" % (
        ", ".join("%s (%d)" % (k[10:], totals[k]) for k in sorted(totals) if k.startswith("programme ")) or "no programme named",
        totals["referrerReward"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
