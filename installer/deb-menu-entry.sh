#!/usr/bin/env bash
# Adds the menu entry and icon to jpackage's .deb as the package's own files, the Debian way:
# /usr/share/applications/alexnet-studio.desktop and the hicolor icon, listed by dpkg -S, removed
# with the package, picked up by the desktop's own dpkg triggers (desktop-file-utils, the icon
# cache). No maintainer script touches the menu, so installing and removing work on machines with
# no desktop at all. Rebuilds the .deb in place. Called by installer/build.sh.
# Usage: installer/deb-menu-entry.sh PATH/TO/alexnet-studio_….deb
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:?path to the .deb}
root=target/installer-deb
rm -rf "$root"
dpkg-deb -R "$deb" "$root"

launcher=$(sed -n 's/^Exec=//p' installer/linux/alexnet-studio.desktop)
[ -x "$root$launcher" ] || { echo "deb-menu-entry: the entry starts $launcher, which the .deb does not hold"; exit 1; }
if grep -lE '^[^#]*xdg-desktop-menu' "$root"/DEBIAN/* 2>/dev/null; then
  echo "deb-menu-entry: a maintainer script above calls xdg-desktop-menu (installer/linux/postinst and prerm not used?)"
  exit 1
fi
# jpackage's copy of the entry (for xdg-desktop-menu) and its xdg-utils dependency are not needed.
rm -f "$root"/opt/alexnet-studio/lib/*.desktop
deps=$(sed -n 's/^Depends: //p' "$root/DEBIAN/control" | tr ',' '\n' | sed 's/^ *//; s/ *$//' |
  grep -v -x -e '' -e 'xdg-utils' | awk '!seen[$0]++' | paste -sd, - | sed 's/,/, /g')
sed -i "s/^Depends: .*/Depends: $deps/" "$root/DEBIAN/control"
install -D -m 644 installer/linux/alexnet-studio.desktop "$root/usr/share/applications/alexnet-studio.desktop"
install -D -m 644 installer/icons/alexnet-studio.png "$root/usr/share/icons/hicolor/256x256/apps/alexnet-studio.png"

# Installed-Size counts KiB; dpkg-deb does not update it.
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz -b "$root" "$deb.tmp" >/dev/null
mv "$deb.tmp" "$deb"
rm -rf "$root"
echo "deb-menu-entry: $(basename "$deb") with /usr/share/applications/alexnet-studio.desktop and its icon"
