#!/usr/bin/env bash
# CI smoke test of the Linux installer: build the app-image and .deb, start the packaged launcher
# with --smoke (headless: default model, one training batch on the bundled sample), also under the
# POSIX locale, check the .deb's metadata, then install, run, remove and purge the .deb
# (installer/deb-install-test.sh; needs root or sudo). Needs a prior `mvn -B package` (or runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
[ -f target/alexnet-studio.jar ] || mvn -B -q package -DskipTests
bash installer/build.sh "$version"

launcher=target/installer/alexnet-studio/bin/alexnet-studio
out=$("$launcher" --smoke 2>&1) || { echo "$out"; echo "FAIL: --smoke exited non-zero"; exit 1; }
echo "$out"
grep -q "smoke: ok" <<<"$out" || { echo "FAIL: no 'smoke: ok' line"; exit 1; }
# A desktop launcher may start the app without LANG: the POSIX locale, whose charset is ASCII.
out=$(env -i "$launcher" --smoke 2>&1) || { echo "$out"; echo "FAIL: --smoke under env -i exited non-zero"; exit 1; }
grep -q "at 224×224 trained" <<<"$out" || { echo "$out"; echo "FAIL: under env -i '×' is not printed as UTF-8"; exit 1; }
echo "env -i: UTF-8 output ok"

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
grep -q 'usr/share/icons/hicolor/256x256/apps/alexnet-studio.png$' <<<"$listing" || { echo "FAIL: no icon in .deb"; fail=1; }
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/applications/alexnet-studio.desktop) || desktop=""
grep -q '^Name=AlexNet Studio' <<<"$desktop" || { echo "FAIL: desktop entry missing"; fail=1; }
grep -q '^Categories=Education' <<<"$desktop" || { echo "FAIL: desktop entry not in Education"; fail=1; }
echo "sizes: app-image $(du -sh target/installer/alexnet-studio | cut -f1), deb $(du -h "$deb" | cut -f1)"
[ $fail = 0 ] && echo "installer smoke test: launcher and .deb checks passed" || { echo "installer smoke test failed"; exit 1; }

bash installer/deb-install-test.sh "$deb"
