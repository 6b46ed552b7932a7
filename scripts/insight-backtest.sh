#!/usr/bin/env bash
# Back-tests the cash-in forecast of `saatava insight` (docs/insight.md, "Back-test") over a generated history: `saatava
# gen --days 250` (about 12 months of business days, customers who keep their payment habits) run day by day into one
# working directory, as a user would. After the run of every EVERY-th day from day FROM on, and after the last day,
# `saatava insight --as-of <that day>` is asked, so each back-test sees only what the ledger knew by then. Prints one
# row per such day (the forecast made 8 weeks before it against what arrived, and the naive rule's error) and the
# error over all of them together, as a Markdown table. Needs python3 to read the JSON.
#
#   scripts/insight-backtest.sh                                   the debug binary, 250 days of 40 invoices, seed 1
#   SAATAVA_BIN=.build/release/saatava DAYS=250 INVOICES=40 SEED=2 scripts/insight-backtest.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SAATAVA_BIN:-$root/.build/debug/saatava}
days=${DAYS:-250}
invoices=${INVOICES:-40}
seed=${SEED:-1}
first=${FIRST:-2025-12-01}
from=${FROM:-130}
every=${EVERY:-20}
[ -x "$bin" ] || { echo "insight-backtest: no saatava binary at $bin (swift build, or SAATAVA_BIN=)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/saatava-insight-backtest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$bin" gen --days "$days" --invoices "$invoices" --seed "$seed" --as-of "$first" --out "$tmp/history" >/dev/null
mkdir -p "$tmp/work/inbox" "$tmp/insight"
# The suggestion rules a company would let apply themselves, so that payments with a typo or only the invoice number
# in the text reach their invoices as they do in a real ledger.
printf '{ "workdir": ".", "autoApply": ["invoice_number_in_text", "reference_typo"] }\n' >"$tmp/work/config.json"

index=0
last=$(ls "$tmp/history/days" | tail -n 1)
for folder in "$tmp"/history/days/*/; do
    day=$(basename "$folder")
    if compgen -G "$folder/inbox/*" >/dev/null; then cp "$folder"/inbox/* "$tmp/work/inbox/"; fi
    status=0
    "$bin" run --config "$tmp/work/config.json" --as-of "$day" >/dev/null 2>"$tmp/run.err" || status=$?
    [ "$status" -eq 0 ] || { echo "insight-backtest: the run of $day exited $status:" >&2; cat "$tmp/run.err" >&2; exit 1; }
    if { [ "$index" -ge "$from" ] && [ $(((index - from) % every)) -eq 0 ]; } || [ "$day" = "$last" ]; then
        "$bin" insight --config "$tmp/work/config.json" --as-of "$day" >"$tmp/insight/$day.json"
    fi
    index=$((index + 1))
done

python3 - "$tmp/insight" "$days" "$invoices" "$seed" <<'PY'
import json, os, sys
from decimal import Decimal
folder, days, invoices, seed = sys.argv[1:]
print(f"History: {days} business days from saatava gen --days {days} --invoices {invoices} --seed {seed}.\n")
print("| as of | forecast made as of | arrived in the 8 weeks | forecast error | naive error |")
print("|---|---|---:|---:|---:|")
total = {"arrived": Decimal(0), "forecast": Decimal(0), "naive": Decimal(0)}
for name in sorted(os.listdir(folder)):
    report = json.load(open(os.path.join(folder, name)))
    for forecast in report["forecasts"]:
        test = forecast["backTest"]
        arrived = sum(Decimal(w["actual"]) for w in test["weeks"])
        total["arrived"] += arrived
        total["forecast"] += sum(abs(Decimal(w["expected"]) - Decimal(w["actual"])) for w in test["weeks"])
        total["naive"] += sum(abs(Decimal(w["naive"]) - Decimal(w["actual"])) for w in test["weeks"])
        print(f"| {report['asOf']} | {test['madeAsOf']} | {arrived} {forecast['currency']} | "
              f"{test['errorPercent']} % | {test['naiveErrorPercent']} % |")
if total["arrived"] > 0:
    forecast = total["forecast"] / total["arrived"] * 100
    naive = total["naive"] / total["arrived"] * 100
    print(f"| all together | | {total['arrived']} | {forecast:.1f} % | {naive:.1f} % |")
PY
