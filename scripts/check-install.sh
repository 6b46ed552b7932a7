#!/usr/bin/env bash
# Checks an install the way systemd would run it, without touching /etc or /srv: stages `make install-files` into a
# temporary DESTDIR, creates the system user saatava if it is missing (`make install-user`; it stays), generates a
# day of bank files and invoices into a working directory owned by saatava, and runs the ExecStart line of the staged
# saatava@.service (with %i, the binary and the config's folder pointed into the temporary tree) as User=saatava
# with the unit's UMask and a clean environment. Then: the exit status is the one the generated day warrants (0: every
# file is valid), every file is booked, and the ledger and the day's outputs belong to saatava and are not readable
# by others. Needs root (for the user and runuser).
#
#   scripts/check-install.sh                          installs .build/release/saatava
#   SAATAVA_BIN=.build/debug/saatava scripts/check-install.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SAATAVA_BIN:-$root/.build/release/saatava}
instance=check
fail() { echo "check-install: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (to create the user saatava and run as it with runuser)"
[ -x "$bin" ] || fail "no saatava binary at $bin (make, or SAATAVA_BIN=)"
bin=$(realpath "$bin")

tmp=$(mktemp -d /tmp/saatava-check-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The service user must be able to reach the staged binary and its working directory below.
chmod 0755 "$tmp"
stage=$tmp/stage

make -C "$root" --no-print-directory install-files DESTDIR="$stage" PREFIX=/usr/local SAATAVA_BIN="$bin"
make -C "$root" --no-print-directory install-user

unit=$stage/etc/systemd/system/saatava@.service
[ -f "$unit" ] || fail "the staged install has no $unit"
umask_line=$(sed -n 's/^UMask=//p' "$unit")
exec_line=$(sed -n 's/^ExecStart=//p' "$unit")
[ "$(sed -n 's/^User=//p' "$unit")" = saatava ] || fail "the unit does not run as User=saatava"
[ -n "$umask_line" ] && [ -n "$exec_line" ] || fail "the unit has no UMask= or ExecStart="

# The unit's paths, moved into the temporary tree: /etc/saatava/<instance>.json and /srv/saatava/<instance>.
confdir=$tmp/etc/saatava
workdir=$tmp/srv/saatava/$instance
install -d -m 0750 -g saatava "$confdir"
install -d -m 0755 "$tmp/srv"
install -d -o saatava -g saatava -m 0750 "$tmp/srv/saatava" "$workdir"
sed -e "s|^\(\s*\"workdir\":\).*|\1 \"$workdir\",|" "$stage/etc/saatava/example.json" > "$confdir/$instance.json"
chgrp saatava "$confdir/$instance.json"
chmod 0640 "$confdir/$instance.json"
grep -q "\"workdir\": \"$workdir\"" "$confdir/$instance.json" || fail "could not point the example config's workdir at $workdir"

# ExecStart as systemd would run it: %i expanded, then the binary and the config looked up in the staged tree.
command_line=${exec_line//%i/$instance}
command_line=${command_line//\/etc\/saatava\//$confdir/}
read -r -a command <<<"$command_line"
command[0]=$stage${command[0]}
[ -x "${command[0]}" ] || fail "ExecStart names ${command[0]#"$stage"}, which the install did not put there"

# What systemd gives a service: the unit's user and umask, / as the folder, a clean environment.
as_service() {
    (cd / && runuser -u saatava -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/srv/saatava USER=saatava \
        LOGNAME=saatava LANG=C.UTF-8 /bin/sh -c "umask $umask_line && exec \"\$@\"" sh "$@")
}

# A day of valid files, arriving in the inbox as saatava's own (a fetcher running as saatava would put them there).
today=$(TZ=Europe/Helsinki date +%F)
install -d -o saatava -g saatava -m 0750 "$tmp/gen"
as_service "${command[0]}" gen --invoices 40 --seed 17 --as-of "$today" --out "$tmp/gen" >/dev/null
as_service /bin/sh -c "mkdir -p '$workdir/inbox' && mv '$tmp/gen/inbox/'* '$workdir/inbox/'"
invoices=$(grep -c '"type" : "invoice"' "$tmp/gen/truth.json")
payments=$(grep -c '"archiveId" : "' "$tmp/gen/truth.json")
[ "$invoices" -gt 0 ] && [ "$payments" -gt 0 ] || fail "the generated day has no invoices or no payments"

echo "check-install: running as saatava, umask $umask_line: ${command[*]}"
status=0
as_service "${command[@]}" || status=$?
[ "$status" -eq 0 ] || fail "the run exited $status; a day of valid files must give 0"

ledger=$workdir/state/saatava.sqlite
[ -f "$ledger" ] || fail "no ledger at $ledger"
[ "$(stat -c %U:%G "$ledger")" = saatava:saatava ] || fail "the ledger belongs to $(stat -c %U:%G "$ledger"), not saatava"
report=$workdir/outbox/$today/report.html
[ -f "$report" ] || fail "no report at $report"
[ "$(stat -c %U "$report")" = saatava ] || fail "the report belongs to $(stat -c %U "$report"), not saatava"
if [ -n "$(ls -A "$workdir/inbox" | grep -v '^decisions$' || true)" ]; then fail "files are left in the inbox: $(ls "$workdir/inbox")"; fi
open_to_others=$(find "$workdir" -perm /o=rwx)
[ -z "$open_to_others" ] || fail "readable or writable by others: $open_to_others"

booked_invoices=$(as_service "${command[0]}" ledger invoices --config "$confdir/$instance.json" | wc -l)
booked_payments=$(as_service "${command[0]}" ledger payments --config "$confdir/$instance.json" | wc -l)
[ "$booked_invoices" -eq "$invoices" ] || fail "$booked_invoices invoice(s) in the ledger, the day had $invoices"
[ "$booked_payments" -eq "$payments" ] || fail "$booked_payments payment(s) in the ledger, the day had $payments"

# What the operator's monitoring runs: status, as saatava, changes nothing and says 0 (nothing waits) or 65.
status_out=$(as_service "${command[0]}" status --config "$confdir/$instance.json") && status_code=0 || status_code=$?
[ "$status_code" -eq 0 ] || [ "$status_code" -eq 65 ] || fail "saatava status exited $status_code: $status_out"
grep -q "^  $today  finished, exit 0, " <<<"$status_out" || fail "saatava status does not show the run: $status_out"
echo "check-install: ok: exit 0, $booked_invoices invoices and $booked_payments payments booked as saatava;" \
    "ledger $(stat -c '%a %U:%G' "$ledger"), report $(stat -c '%a %U:%G' "$report"), nothing open to others"
