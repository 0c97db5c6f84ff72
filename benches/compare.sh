#!/usr/bin/env bash
# Render generated designs of several sizes with archc and, when installed,
# Graphviz; print wall times, their ratio and the edge crossings of each
# layout. Not a test: numbers depend on the machine.
#
#   benches/compare.sh            # 100, 1000 and 5000 components
#   benches/compare.sh 200 2000   # other sizes
#   DOT_TIMEOUT=300 benches/compare.sh   # give Graphviz longer (default 60 s)
#   ARCHC=/tmp/archc-old benches/compare.sh 100   # another archc binary
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000 5000)
dot_timeout=${DOT_TIMEOUT:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ARCHC=path/to/archc compares a binary built elsewhere (say, an older commit).
if [ -n "${ARCHC:-}" ]; then
  archc=$ARCHC
else
  cargo build --release --quiet
  archc=target/release/archc
fi

# A deterministic layered design: clients, load balancers, services in
# groups (some nested, some trust boundaries), caches, databases, queues and
# externals, with links mostly one tier down and a few across groups.
generate() {
  python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
seed = 12345
def rnd(m):
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return (seed >> 33) % m
tiers = [("client", 0.04), ("load_balancer", 0.06), ("service", 0.45), ("cache", 0.12),
         ("database", 0.18), ("queue", 0.1), ("external", 0.05)]
comps = []
for kind, share in tiers:
    comps.append([f"{kind[:3]}{i}" for i in range(max(1, int(n * share)))])
count = sum(len(t) for t in comps)
while count < n:
    comps[2].append(f"ser{len(comps[2])}"); count += 1
out = []
group_size = 12
groups = {}
for t, (kind, _) in enumerate(tiers):
    for i, cid in enumerate(comps[t]):
        g = None if kind in ("client", "external") else f"g{(i // group_size) % max(1, n // 60)}"
        groups.setdefault(g, []).append(f'{kind} {cid} "{kind.replace("_", " ").title()} {i}"' + (" { replicas 2 }" if rnd(3) == 0 else ""))
for g, decls in sorted(groups.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")):
    if g is None:
        out.extend(decls)
    else:
        trust = ' trust private' if rnd(4) == 0 else ''
        out.append(f'group {g} "Team {g[1:]}" {{' + (f"\n {trust}" if trust else ""))
        out.extend("  " + d for d in decls)
        out.append("}")
for t in range(len(tiers) - 1):
    below = comps[t + 1] if tiers[t + 1][0] != "external" else comps[t + 1]
    for cid in comps[t]:
        for _ in range(1 + rnd(2)):
            target = below[rnd(len(below))]
            proto = ["https", "grpc", "http", "sql", "resp", "amqp"][rnd(6)]
            arrow = "~>" if tiers[t + 1][0] == "queue" else "->"
            out.append(f"{cid} {arrow} {target} : {proto}")
    if t == 2:  # service to service calls inside the service tier
        svc = comps[2]
        for i in range(len(svc) // 3):
            a, b = svc[rnd(len(svc))], svc[rnd(len(svc))]
            if a != b:
                out.append(f"{a} -> {b} : grpc")
# de-duplicate identical links (an error in the language)
seen, final = set(), []
for line in out:
    if " -> " in line or " ~> " in line:
        key = tuple(line.split()[:3])
        if key in seen:
            continue
        seen.add(key)
    final.append(line)
print("\n".join(final))
PY
}

# Edge crossings of a drawing: polylines per edge, pairs of segments of
# different edges that properly intersect (shared end nodes excluded),
# bucketed on a grid so large drawings stay quick.
crossings() {
  python3 - "$1" "$2" <<'PY'
import sys, json, collections
kind, path = sys.argv[1], sys.argv[2]
edges = []  # (tail, head, [points])
if kind == "archc":
    doc = json.load(open(path))
    nodes = doc["diagram"]["nodes"]; es = doc["diagram"]["edges"]
    for e in doc["layout"]["edges"]:
        src = es[e["edge"]]
        edges.append((src["from"], src["to"], [(p["x"], p["y"]) for p in e["points"]]))
else:
    for line in open(path):
        f = line.split()
        if f and f[0] == "edge":
            k = int(f[3]); pts = [(float(f[4 + 2 * i]), float(f[5 + 2 * i])) for i in range(k)]
            edges.append((f[1], f[2], pts))
segs = []
for i, (a, b, pts) in enumerate(edges):
    for p, q in zip(pts, pts[1:]):
        if p != q:
            segs.append((i, p, q))
def orient(p, q, r):
    v = (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0])
    return (v > 1e-9) - (v < -1e-9)
def cross(s, t):
    (p1, p2), (p3, p4) = s, t
    return orient(p1, p2, p3) * orient(p1, p2, p4) < 0 and orient(p3, p4, p1) * orient(p3, p4, p2) < 0
cell = 60.0
grid = collections.defaultdict(list)
for k, (i, p, q) in enumerate(segs):
    for gx in range(int(min(p[0], q[0]) // cell), int(max(p[0], q[0]) // cell) + 1):
        for gy in range(int(min(p[1], q[1]) // cell), int(max(p[1], q[1]) // cell) + 1):
            grid[(gx, gy)].append(k)
pairs = set()
for ks in grid.values():
    for x in range(len(ks)):
        for y in range(x + 1, len(ks)):
            a, b = segs[ks[x]], segs[ks[y]]
            ea, eb = edges[a[0]], edges[b[0]]
            if a[0] == b[0] or {ea[0], ea[1]} & {eb[0], eb[1]}:
                continue
            if cross((a[1], a[2]), (b[1], b[2])):
                pairs.add((min(a[0], b[0]), max(a[0], b[0])))
print(len(pairs))
PY
}

now() { date +%s.%N; }
# `render` exits 1 when the design has error-level findings (the generated
# designs do); only a failure to draw (2) stops the comparison.
render() {
  local status=0
  "$archc" render "$design" -o "$1" 2>/dev/null || status=$?
  [ "$status" -le 1 ]
}
printf "%-8s %-8s %12s %12s %8s %14s %14s\n" components links archc_svg_s dot_svg_s ratio archc_crossings dot_crossings
for n in "${sizes[@]}"; do
  design="$work/gen-$n.arch"
  generate "$n" > "$design"
  links=$(grep -cE ' (->|~>) ' "$design" || true)
  "$archc" check "$design" --format json > /dev/null 2>&1 || true
  t0=$(now); render "$work/a.svg"; t1=$(now)
  archc_s=$(echo "$t1 - $t0" | bc -l)
  render "$work/a.json"
  archc_x=$(crossings archc "$work/a.json")
  dot_s="-"; ratio="-"; dot_x="-"
  if command -v dot > /dev/null; then
    render "$work/a.dot"
    t0=$(now)
    rc=0
    timeout "$dot_timeout" dot -Tsvg "$work/a.dot" -o "$work/d.svg" 2> "$work/dot.err" || rc=$?
    t1=$(now)
    if [ "$rc" -eq 0 ]; then
      dot_s=$(echo "$t1 - $t0" | bc -l)
      ratio=$(echo "$dot_s / $archc_s" | bc -l)
      timeout "$dot_timeout" dot -Tplain "$work/a.dot" -o "$work/d.plain" 2> /dev/null && dot_x=$(crossings dot "$work/d.plain")
      dot_s=$(printf "%.3f" "$dot_s"); ratio=$(printf "%.1fx" "$ratio")
    elif [ "$rc" -eq 124 ]; then
      dot_s="timed out after ${dot_timeout} s"
    else
      # Graphviz gives up on some clustered graphs ("lost ... edge").
      dot_s="failed (exit $rc after $(printf "%.1f" "$(echo "$t1 - $t0" | bc -l)") s)"
      echo "dot, $n components: $(head -n 1 "$work/dot.err")" >&2
    fi
  else
    dot_s="not installed"
  fi
  printf "%-8s %-8s %12.3f %12s %8s %14s %14s\n" "$n" "$links" "$archc_s" "$dot_s" "$ratio" "$archc_x" "$dot_x"
done
