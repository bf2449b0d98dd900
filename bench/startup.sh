#!/usr/bin/env bash
# Issue 18: time from process start to the first frame with the shape table filled in
# (-Dalexnet.startupLog=true's "window shown" line), alternating `java -jar` without and with the
# class-data-sharing archive that `mvn package` writes (target/alexnet-studio.jsa), on all cores and
# on one (taskset -c 0, a stand-in for a slower laptop). Prints every run with the load before it,
# then the medians. Needs a built jar and archive (mvn -o -q package -DskipTests) and a display or
# xvfb-run. Usage: bench/startup.sh [ROUNDS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
jar=target/alexnet-studio.jar
jsa=target/alexnet-studio.jsa
[ -f "$jsa" ] || { echo "no $jsa: mvn -o -q package -DskipTests" >&2; exit 2; }
x=(); [ -z "${DISPLAY:-}" ] && x=(xvfb-run -a -s "-screen 0 1400x900x24")
out=$(mktemp)
for cores in all 1; do
  pin=(); [ "$cores" = 1 ] && pin=(taskset -c 0)
  for r in $(seq "$rounds"); do
    for variant in plain cds; do
      opts=(); [ "$variant" = cds ] && opts=(-XX:SharedArchiveFile="$jsa")
      load=$(cut -d' ' -f1 /proc/loadavg)
      log=$("${x[@]}" "${pin[@]}" java "${opts[@]}" -Dalexnet.startupLog=true -Dalexnet.screenshot="$(mktemp --suffix=.png)" \
            -jar "$jar" 2>&1 | grep '^startup:')
      ms=$(sed -n 's/.*window shown.* after \([0-9]*\) ms/\1/p' <<<"$log")
      phases=$(grep -v 'window shown' <<<"$log" | sed 's/startup: *//; s/  */ /g' | paste -sd';' -)
      echo "$cores $variant $load $ms" >>"$out"
      echo "cores=$cores $variant round $r (load $load): window shown after $ms ms [$phases]"
    done
  done
done
python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    cores, variant, load, ms = line.split()
    rows.setdefault((cores, variant), []).append((int(ms), float(load)))
print("| cores | java -jar | with the CDS archive | load |")
print("|---|---|---|---|")
for cores in ("all", "1"):
    p, c = rows.get((cores, "plain"), []), rows.get((cores, "cds"), [])
    if p and c:
        loads = [l for _, l in p + c]
        print(f"| {cores} | {statistics.median(m for m, _ in p)} ms ({', '.join(str(m) for m, _ in p)}) | "
              f"{statistics.median(m for m, _ in c)} ms ({', '.join(str(m) for m, _ in c)}) | "
              f"{min(loads):.1f}–{max(loads):.1f} |")
PY
rm -f "$out"
