#!/usr/bin/env bash
# End-to-end timing of `archc check` on generated designs.
#
#   benches/check.sh            # 10,000 and 100,000 components
#   SIZES="1000 10000" benches/check.sh
#
# Builds the release binary and the generator example, writes the models to
# target/bench-models/, times `archc check` with hyperfine when it is installed
# (`apt-get install hyperfine`), else with a loop over `date +%s%N`, and prints
# the peak resident memory from GNU time (`apt-get install time`).
# `archc check` exits 1 when the design has lint errors; that is not a failure here.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000"}
SEED=${SEED:-42}
RUNS=${RUNS:-10}
OUT=target/bench-models

cargo build --release --quiet --bin archc --example gen_model
BIN=target/release/archc
GEN=target/release/examples/gen_model
mkdir -p "$OUT"

echo "machine: $(nproc) cores, $(uname -sr); archc $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '%-12s %-10s %-12s %-12s %-12s %-10s\n' components bytes mean_ms min_ms max_ms peak_MB

for n in $SIZES; do
    model="$OUT/model-$n.arch"
    [ -s "$model" ] || "$GEN" "$n" "$SEED" > "$model"
    bytes=$(wc -c < "$model")

    if command -v hyperfine >/dev/null 2>&1; then
        json=$(mktemp)
        hyperfine --style none --warmup 2 --runs "$RUNS" -i --export-json "$json" \
            "$BIN check --quiet $model" >/dev/null
        read -r mean min max < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r[\"mean\"]*1e3:.1f} {r[\"min\"]*1e3:.1f} {r[\"max\"]*1e3:.1f}")' "$json")
        rm -f "$json"
    else
        times=()
        for _ in $(seq "$RUNS"); do
            t0=$(date +%s%N)
            "$BIN" check --quiet "$model" >/dev/null 2>&1 || true
            t1=$(date +%s%N)
            times+=($(( (t1 - t0) / 1000 )))
        done
        read -r mean min max < <(printf '%s\n' "${times[@]}" | awk '
            { s += $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
            END { printf "%.1f %.1f %.1f\n", s / NR / 1000, lo / 1000, hi / 1000 }')
    fi

    peak="?"
    if [ -x /usr/bin/time ]; then
        mem=$(mktemp)
        /usr/bin/time -f '%M' -o "$mem" "$BIN" check --quiet "$model" >/dev/null 2>&1 || true
        # With a non-zero exit GNU time writes a status line first; the number is last.
        kb=$(tail -n 1 "$mem")
        rm -f "$mem"
        [ -n "$kb" ] && peak=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
    fi
    printf '%-12s %-10s %-12s %-12s %-12s %-10s\n' "$n" "$bytes" "$mean" "$min" "$max" "$peak"
done
