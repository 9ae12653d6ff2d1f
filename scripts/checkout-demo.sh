#!/usr/bin/env bash
# Sets up a machine and runs the checkout demo (one terminal, one card, one POS): a terminal (`loyalty-terminal run`) on a
# virtual reader of a real pcscd, a member card personalised by a TEST issuer, and a POS
# (curl) sending sales, a redemption, refunds and a balance enquiry; the answers are shown.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "demo: building (the first build takes several minutes)"
swift build --product loyalty-terminal
swift build --product loyalty-sim
bin=$(swift build --show-bin-path)

source scripts/lib/one-terminal.sh
port=${LOYALTY_DEMO_PORT:-8080}
one_terminal_begin "$PWD/run/demo"

echo
echo "== A TEST issuer personalises a member card and enrols terminal 1"
one_terminal_configure "$port" 4M 15

echo
echo "== The terminal starts: POS API on http://127.0.0.1:$port (configuration: $work/terminal.json)"
one_terminal_spawn "$bin/loyalty-terminal" run --config "$work/terminal.json"
one_terminal_wait_for_health "$port"
curl -s "http://127.0.0.1:$port/health" | jq -c '{status, terminalId, reader, programme, programmeVersion}'

echo
echo "== The member taps the card on the reader"
one_terminal_spawn "$bin/loyalty-sim" member-card --image "$work/card.json"
sleep 1

# Sends one POS request and prints the gist of the answer.
pos() {
  local what=$1 path=$2 body=$3
  echo
  echo "-- POS: $what"
  echo "   POST $path $body"
  curl -s -X POST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port$path" -w '\n%{http_code}\n' >"$work/answer"
  local status
  status=$(tail -n1 "$work/answer")
  head -n -1 "$work/answer" | jq -r --arg status "$status" '
    "   HTTP \($status): \(.outcome // .error)"
    + (if .refusal then " (\(.refusal.code): \(.refusal.reason))" else "" end)
    + (if .problems then " " + ([.problems[] | "\(.field): \(.problem)"] | join("; ")) else "" end),
    (if .points then "   points: earned \(.points.earned), bonus \(.points.bonus), redeemed \(.points.redeemed), taken back \(.points.takenBack), net \(.points.net)" else empty end),
    (if .bill then "   bill: \(.bill.amount), discount \(.bill.discount), credit \(.bill.redemptionCredit), to pay \(.bill.amountDue)" else empty end),
    (if .balance != null then "   balance \(.balance) points, tier \(.tier)\(if .replayed then ", replayed from the journal" else "" end), journal sequence \(.journalSequence // "-")" else empty end),
    (if .redemption then "   redemption: \(.redemption)" else empty end),
    (.lines // [] | .[] | "     | \(.text)\(if .points != 0 then "  \(.points) pts" else "" end)")'
}

pos "a sale of 1,250,000 VND" /v1/sales '{"saleId":"DEMO-1","amount":1250000,"currency":"VND"}'
pos "the same sale again (the POS retries)" /v1/sales '{"saleId":"DEMO-1","amount":1250000,"currency":"VND"}'
pos "a sale of 2,400,000 VND with 8,000 VND tax" /v1/sales \
  '{"saleId":"DEMO-2","amount":2400000,"currency":"VND","excluded":[{"kind":"tax","amount":8000}]}'
pos "a sale paying with 200 points" /v1/sales '{"saleId":"DEMO-3","amount":300000,"currency":"VND","redemption":200}'
pos "a balance enquiry" /v1/balance '{}'
pos "a partial refund of DEMO-2 (400,000 VND)" /v1/refunds '{"refundId":"REF-1","saleId":"DEMO-2","amount":400000}'
pos "a full refund of DEMO-1" /v1/refunds '{"refundId":"REF-2","saleId":"DEMO-1"}'
pos "a bad request (negative amount, unknown currency)" /v1/sales '{"saleId":"DEMO-4","amount":-5,"currency":"XYZ"}'

echo
echo "== The journal on the terminal"
"$bin/loyalty-terminal" journal inspect --path "$work/terminal.journal" || true
echo
echo "Next: 'loyalty-terminal diagnose --config $work/terminal.json', 'scripts/test.sh' runs the tests,"
echo "docs/pos-api.yaml describes the POS API, docs/checkout.md the checkout flow."
