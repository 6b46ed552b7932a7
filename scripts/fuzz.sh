#!/usr/bin/env bash
# Builds saatava's libFuzzer harnesses (Fuzz/*.swift) and runs each of them. docs/security.md says what each
# harness checks and gives the figures of the last long run.
#
#   scripts/fuzz.sh [SECONDS [RUNS]] [-- HARNESS...]
#
# Each harness runs for SECONDS (default 60) or RUNS executions (default: no limit), whichever comes first: a
# short run per harness in CI, hours for a soak (`scripts/fuzz.sh 3600 1000000`). The seed corpus in
# Fuzz/corpus/<harness>/ is copied to a scratch folder, so what the fuzzer learns does not grow the repository.
# A finding stops the script with status 1 and is copied, with libFuzzer's log, to .build/fuzz/findings/; minimise
# it with `<harness> -minimize_crash=1 -runs=100000 FILE`, fix the reader, and keep the input as a regression test
# (Tests/FuzzRegressionTests, docs/security.md).
#
# How the harnesses are built: SwiftPM's executable targets have a `main`, which clashes with libFuzzer's, so the
# library targets are built by SwiftPM with coverage instrumentation (`-sanitize=fuzzer,address` on a library
# instruments it and links nothing) and `-enable-testing` (the CSV and config readers are internal to Pipeline),
# in a build folder of their own; then each harness is compiled by swiftc with `-parse-as-library` and linked
# with those objects, libFuzzer providing `main`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
runs=-1
if [[ $# -gt 0 && $1 != -- ]]; then seconds=$1; shift; fi
if [[ $# -gt 0 && $1 != -- ]]; then runs=$1; shift; fi
[[ ${1:-} == -- ]] && shift
all=(camt finvoice splitter ktl decisions holds config reference amount)
selected=("${@:-${all[@]}}")

build=.build/fuzz
swift build -c release --scratch-path "$build" --target Pipeline \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
release=$build/release
objects=()
for target in SystemIO Receivables XMLStreaming BankFiles Finvoice Matching Dunning Insight Ledger Reports Delivery Pipeline; do
    objects+=("$release/$target.build"/*.o)
done

# harness: source, support files, max_len, dictionary
declare -A source=(
    [camt]=Camt [finvoice]=Finvoice [splitter]=Splitter [ktl]=KTL [decisions]=DecisionsCSV [holds]=HoldsCSV
    [config]=Config [reference]=Reference [amount]=Amount)
declare -A support=(
    [camt]="FileReaderHarness RecordChecks" [finvoice]="FileReaderHarness RecordChecks"
    [ktl]="FileReaderHarness RecordChecks" [decisions]=CSVChecks [holds]=CSVChecks)
declare -A max_len=(
    [camt]=16384 [finvoice]=16384 [splitter]=16384 [ktl]=4096 [decisions]=4096 [holds]=4096 [config]=4096
    [reference]=128 [amount]=64)
declare -A dictionary=(
    [camt]=xml [finvoice]=xml [splitter]=xml [ktl]=ktl [decisions]=csv [holds]=csv [config]=config)

mkdir -p "$build/harness" "$build/findings"
for name in "${selected[@]}"; do
    [[ -n ${source[$name]:-} ]] || { echo "no harness '$name' (known: ${all[*]})" >&2; exit 64; }
    files=(Fuzz/"${source[$name]}".swift Fuzz/Support/FuzzSupport.swift)
    for file in ${support[$name]:-}; do files+=(Fuzz/Support/"$file".swift); done
    # Linked again only when a source or an object is newer, so that a harness running in another fuzz.sh stays put.
    binary=$build/harness/$name
    if [[ -x $binary && -z $(find "${files[@]}" "${objects[@]}" -newer "$binary" | head -n 1) ]]; then continue; fi
    swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -module-name "Fuzz_$name" \
        -I "$release/Modules" -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CSQLite3/module.modulemap -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CMalloc/module.modulemap \
        $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
        "${files[@]}" "${objects[@]}" -lxml2 -lsqlite3 -lz -o "$binary" 2>&1 |
        { grep -v "ld.gold: warning: Cannot export local symbol '__asan" || true; }
    [[ ${PIPESTATUS[0]} -eq 0 ]] || exit 1
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/saatava-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export SAATAVA_FUZZ_SCRATCH=$scratch
status=0
for name in "${selected[@]}"; do
    mkdir -p "$scratch/$name/corpus" "$scratch/$name/artifacts"
    cp Fuzz/corpus/"$name"/* "$scratch/$name/corpus/"
    # What fuzzing found before is part of the seed corpus too.
    cp Tests/*/Fixtures/fuzz/"$name"-* "$scratch/$name/corpus/" 2>/dev/null || true
    options=(-max_total_time="$seconds" -runs="$runs" -max_len="${max_len[$name]}" -print_final_stats=1
        -artifact_prefix="$scratch/$name/artifacts/" -detect_leaks=0)
    [[ -n ${dictionary[$name]:-} ]] && options+=(-dict=Fuzz/"${dictionary[$name]}".dict)
    log=$scratch/$name/log
    started=$SECONDS
    if ASAN_OPTIONS=detect_leaks=0 "$build/harness/$name" "${options[@]}" "$scratch/$name/corpus" >"$log" 2>&1; then
        outcome="no finding"
    else
        outcome="FINDING"
        status=1
        cp "$scratch/$name/artifacts/"* "$build/findings/" 2>/dev/null || true
        cp "$log" "$build/findings/$name.log"
    fi
    final=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    rate=$(grep -E 'stat::average_exec_per_sec' "$log" | awk '{print $2}' || true)
    executions=$(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
    echo "$name: ${executions:-?} executions in $((SECONDS - started)) s (${rate:-?}/s); ${final:-no stats}; $outcome"
done
exit $status
