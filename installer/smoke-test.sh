#!/usr/bin/env bash
# CI smoke test of the Linux installer: build the app-image and .deb, start the packaged launcher
# with --smoke (headless: default model, one training batch on the bundled sample), check the
# .deb's metadata. Needs a prior `mvn -B package` (or runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
[ -f target/alexnet-studio.jar ] || mvn -B -q package -DskipTests
bash installer/build.sh "$version"

launcher=target/installer/alexnet-studio/bin/alexnet-studio
out=$("$launcher" --smoke 2>&1) || { echo "$out"; echo "FAIL: --smoke exited non-zero"; exit 1; }
echo "$out"
grep -q "smoke: ok" <<<"$out" || { echo "FAIL: no 'smoke: ok' line"; exit 1; }

deb=$(ls target/installer/alexnet-studio_*.deb)
fail=0
check() { # field expected-substring
  local v; v=$(dpkg-deb -f "$deb" "$1")
  if [[ "$v" == *"$2"* ]]; then echo "deb $1 ok: $2"; else echo "FAIL: deb $1 is '$v', expected '$2'"; fail=1; fi
}
check Package alexnet-studio
check Version "$version"
check Depends libgtk-3-0
check Depends libgl1
check Section education
# Whole listings first: grep -q would close the pipe early, which pipefail reports as a failure.
listing=$(dpkg-deb -c "$deb")
grep -q 'opt/alexnet-studio/bin/alexnet-studio$' <<<"$listing" || { echo "FAIL: no launcher in .deb"; fail=1; }
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./opt/alexnet-studio/lib/alexnet-studio-alexnet-studio.desktop)
grep -q '^Name=AlexNet Studio' <<<"$desktop" || { echo "FAIL: desktop entry missing"; fail=1; }
grep -q '^Categories=Education' <<<"$desktop" || { echo "FAIL: desktop entry not in Education"; fail=1; }
echo "sizes: app-image $(du -sh target/installer/alexnet-studio | cut -f1), deb $(du -h "$deb" | cut -f1)"
[ $fail = 0 ] && echo "installer smoke test: launcher and .deb checks passed" || { echo "installer smoke test failed"; exit 1; }
