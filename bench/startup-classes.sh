#!/usr/bin/env bash
# Regenerates the two class lists of the window's start from one real start (docs/performance.md):
# - src/main/resources/org/alexnetstudio/ui/startup-classes.txt: the classes (JavaFX, the JDK's
#   non-archived ones, ours) loaded before the first frame, for ClassPreloader;
# - installer/alexnet-studio.classlist: -XX:DumpLoadedClassList of the start until the screenshot's
#   exit (classes and the lambdas and method handles they link), from which `mvn package` and the
#   .deb's postinst write the class-data-sharing archive.
# Needs a built jar (mvn -q package -DskipTests) and a display or xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
run=(java -Dalexnet.noPreload=true -Xlog:class+load=info:file="$log":uptime
     -XX:DumpLoadedClassList=installer/alexnet-studio.classlist -Dalexnet.startupLog=true
     -Dalexnet.screenshot="$(mktemp --suffix=.png)" -jar target/alexnet-studio.jar)
if [ -z "${DISPLAY:-}" ]; then run=(xvfb-run -a -s "-screen 0 1400x900x24" "${run[@]}"); fi
first=$("${run[@]}" | sed -n 's/.*window shown.* after \([0-9]*\) ms/\1/p')
echo "first frame after $first ms"
python3 - "$log" "$first" > src/main/resources/org/alexnetstudio/ui/startup-classes.txt <<'PY'
import re, sys
limit = int(sys.argv[2]) / 1000.0
seen = set()
for line in open(sys.argv[1]):
    m = re.match(r'\[(\d+\.\d+)s\]\S*\s+(\S+) source: (.*)', line)
    if not m:
        continue
    t, name, source = float(m.group(1)), m.group(2), m.group(3)
    if t > limit:
        break
    if 'shared objects' in source or '/0x' in name or '$$Lambda' in name or name in seen:
        continue
    if source.startswith('jrt') or re.search(r'javafx|atlantafx|controlsfx|alexnet-studio\.jar', source):
        seen.add(name)
        print(name)
PY
wc -l src/main/resources/org/alexnetstudio/ui/startup-classes.txt installer/alexnet-studio.classlist
rm -f "$log"
