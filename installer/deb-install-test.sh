#!/usr/bin/env bash
# Installs the .deb as a user would (`apt-get install ./….deb`), runs the installed app's --smoke
# from /opt (also under the POSIX locale, as a desktop launcher without LANG starts it), then
# removes and purges the package, checking each step's exit status and what is left on disk.
# Needs root (sudo is used otherwise) and a machine where alexnet-studio is not installed.
# CI runs it as root on a machine without a desktop (no /etc/xdg/menus), where a menu step that
# needs xdg-utils' menu directories fails the install.
# Usage: installer/deb-install-test.sh PATH/TO/alexnet-studio_….deb
set -euo pipefail
deb=$(readlink -f "${1:?path to the .deb}")
pkg=alexnet-studio
app=/opt/alexnet-studio/bin/alexnet-studio
desktop=/usr/share/applications/alexnet-studio.desktop
icon=/usr/share/icons/hicolor/256x256/apps/alexnet-studio.png

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
apt=("${sudo[@]}" apt-get -y -q -o DPkg::Lock::Timeout=120)

status() { dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true; }
fail() { echo "FAIL: $*"; exit 1; }

if [ -n "$(status)" ] && [ "$(status)" != "unknown ok not-installed" ]; then
  fail "$pkg is already on this machine ($(status)); this test would remove it. Remove it first."
fi
for d in /etc/xdg/menus /usr/share/desktop-directories; do
  if [ -e "$d" ]; then
    echo "note: $d exists here, so xdg-desktop-menu would succeed; the test is stricter without it"
  else
    echo "no $d (as on a server, WSL or CI)"
  fi
done

# A failed step must not leave the package half-installed on a developer's machine.
cleanup() {
  local s; s=$(status)
  if [ -n "$s" ] && [ "$s" != "unknown ok not-installed" ]; then
    echo "cleaning up after a failure: dpkg --purge $pkg (status '$s')"
    "${sudo[@]}" dpkg --purge "$pkg" || echo "could not purge $pkg: see dpkg -l $pkg"
  fi
}
trap cleanup EXIT

# The dependencies come from the archive; refresh its lists only when one is missing.
missing=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/([^)]*)//; s/ //g' | sort -u |
  while read -r p; do
    [ -z "$p" ] || dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"
  done)
if [ -n "$missing" ]; then
  echo "dependencies to install: $(echo $missing)"
  "${apt[@]}" update -qq
fi

echo "--- apt-get install $deb"
"${apt[@]}" install --no-install-recommends "$deb" || fail "apt-get install exited $?"
[ "$(status)" = "install ok installed" ] || fail "after apt-get install the package is '$(status)'"
echo "installed: $(status)"

# The menu entry and icon are the package's own files (dpkg -S), not made by a maintainer script.
for f in "$desktop" "$icon"; do
  [ -f "$f" ] || fail "$f is missing"
  dpkg -S "$f" | grep -q "^$pkg:" || fail "$f does not belong to $pkg"
done
grep -qx "Exec=$app" "$desktop" || fail "$desktop does not start $app: $(grep ^Exec "$desktop")"
grep -qx 'Icon=alexnet-studio' "$desktop" || fail "$desktop has no themed icon: $(grep ^Icon "$desktop")"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate rejects $desktop"
fi
echo "menu entry ok: $desktop, $icon"

echo "--- $app --smoke"
out=$("$app" --smoke 2>&1) || { echo "$out"; fail "the installed app's --smoke exited non-zero"; }
echo "$out"
grep -q "smoke: ok" <<<"$out" || fail "no 'smoke: ok' from the installed app"

echo "--- class-data sharing archive (written by postinst)"
jsa=/opt/alexnet-studio/lib/app/alexnet-studio.jsa
[ -f "$jsa" ] || fail "postinst wrote no $jsa"
# -Xshare:on refuses to start unless the launcher's archive maps and matches the installed jars
out=$(JAVA_TOOL_OPTIONS=-Xshare:on "$app" --smoke 2>&1) || { echo "$out"; fail "the launcher cannot use $jsa"; }
grep -q "smoke: ok" <<<"$out" || fail "no 'smoke: ok' with -Xshare:on"
echo "archive ok: $jsa ($(du -h "$jsa" | cut -f1)), used by the launcher"

echo "--- env -i $app --smoke (POSIX locale)"
out=$(env -i "$app" --smoke 2>&1) || { echo "$out"; fail "--smoke under env -i exited non-zero"; }
echo "$out"
grep -q "at 224×224 trained" <<<"$out" || fail "under the POSIX locale '×' is not printed as UTF-8"

echo "--- apt-get remove $pkg"
"${apt[@]}" remove "$pkg" || fail "apt-get remove exited $?"
[ "$(status)" = "deinstall ok config-files" ] || [ "$(status)" = "unknown ok not-installed" ] ||
  fail "after apt-get remove the package is '$(status)'"
for f in "$app" "$desktop" "$icon"; do
  [ ! -e "$f" ] || fail "$f is still there after remove"
done
[ ! -e /opt/alexnet-studio ] || fail "/opt/alexnet-studio is still there after remove: $(find /opt/alexnet-studio | head -5)"

echo "--- dpkg --purge $pkg"
"${sudo[@]}" dpkg --purge "$pkg" || fail "dpkg --purge exited $?"
s=$(status)
[ -z "$s" ] || [ "$s" = "unknown ok not-installed" ] || fail "after purge the package is '$s'"
echo ".deb install test passed: apt-get install, --smoke from /opt (also under env -i), remove, purge"
