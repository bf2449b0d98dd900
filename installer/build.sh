#!/usr/bin/env bash
# Builds AlexNet Studio's native installer for the OS it runs on, into target/installer/:
# an app-image everywhere, plus a .deb on Linux, an .msi on Windows (WiX 3 on PATH), a .dmg on macOS.
# Called by `mvn -B package -Pinstaller` after the jar and target/libs exist.
# Usage: installer/build.sh VERSION [app-image-only]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?version}
only_image=${2:-}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
bin="$java_home/bin"
out=target/installer
input=target/installer-input
rm -rf "$out" "$input" target/installer-jdeps
mkdir -p "$out" "$input/libs"
cp target/alexnet-studio.jar "$input/"
cp target/libs/*.jar "$input/libs/"
# JavaFX's native libraries, unpacked by `mvn package` next to its jars, where its loader looks first.
cp target/libs/*.so target/libs/*.dylib "$input/libs/" 2>/dev/null || true
cp resources/licences/*.txt "$input/"
# Class-data sharing (docs/performance.md, issue 18): the JDK's default class list and a real start's
# (installer/alexnet-studio.classlist, with the lambdas it links). The archive itself must be written
# where the app is installed (the JVM checks the jars' paths), so the .deb's postinst writes it; the
# launcher reads it when it is there.
{ cat "$java_home/lib/classlist" 2>/dev/null || true
  cat installer/alexnet-studio.classlist; } > "$input/alexnet-studio.classlist"

# The runtime: only the JDK modules the app's classes (and its libraries') use. Some jars ship a
# module-info that jdeps rejects, so each jar is read as plain classes.
mods=""
mkdir -p target/installer-jdeps
for jar in "$input/alexnet-studio.jar" "$input"/libs/*.jar; do
  dir="target/installer-jdeps/$(basename "$jar" .jar)"
  mkdir -p "$dir"
  (cd "$dir" && unzip -qo "$OLDPWD/$jar" '*.class' -x 'module-info.class' 'META-INF/*' 2>/dev/null || true)
  m=$("$bin/jdeps" --ignore-missing-deps --print-module-deps "$dir" 2>/dev/null || true)
  mods="$mods,$m"
done
# Used by reflection or services, which jdeps cannot see: HTTPS downloads, Chinese locale data, prefs.
mods="$mods,java.net.http,jdk.crypto.ec,jdk.localedata,java.prefs,jdk.zipfs,jdk.charsets"
mods=$(echo "$mods" | tr ',' '\n' | grep -v '^$' | sort -u | paste -sd, -)
echo "runtime modules: $mods"

case "$(uname -s)" in
  Linux*)  os=linux; icon=installer/icons/alexnet-studio.png ;;
  Darwin*) os=mac; icon=installer/icons/alexnet-studio.icns ;;
  *)       os=windows; icon=installer/icons/alexnet-studio.ico ;;
esac

common=(
  --name alexnet-studio
  --app-version "$version"
  --vendor "AlexNet Studio"
  --description "Build and train convolutional networks: the AlexNet chapter of Dive into Deep Learning"
  --copyright "Copyright (c) 2026 The AlexNet Studio authors"
  --icon "$icon"
)
image_opts=(
  --input "$input"
  --main-jar alexnet-studio.jar
  --main-class org.alexnetstudio.Launcher
  --add-modules "$mods"
  --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands"
  --java-options "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
  # The engine calls System.gc() to free ND4J's native memory; concurrent, it no longer freezes
  # the window for ~100 ms each time; a 10 ms pause goal keeps G1's young collections under about
  # 15 ms while training instead of up to 25 ms (docs/performance.md).
  --java-options "-XX:+ExplicitGCInvokesConcurrent"
  --java-options "-XX:MaxGCPauseMillis=10"
  # Written by the .deb's postinst; a missing or stale archive is ignored (-Xshare:auto).
  --java-options '-XX:SharedArchiveFile=$APPDIR/alexnet-studio.jsa'
)

start=$(date +%s)
"$bin/jpackage" --type app-image --dest "$out" "${common[@]}" "${image_opts[@]}"
echo "app-image: $(du -sh "$out/alexnet-studio" | cut -f1) in $(( $(date +%s) - start )) s"
[ "$only_image" = "app-image-only" ] && exit 0

start=$(date +%s)
case "$os" in
  linux)
    # jpackage's postinst and prerm run xdg-desktop-menu (with an icon even without
    # --linux-shortcut), which exits 3 where no menu directory exists (servers, WSL, minimal
    # Debian, CI): the package could be neither configured nor removed. installer/linux holds
    # postinst and prerm that do nothing, and deb-menu-entry.sh adds the menu entry and icon as the
    # package's own files. jpackage writes the .deb uncompressed (dpkg >= 1.21.10 reads
    # DPKG_DEB_COMPRESSOR_TYPE) so that it is compressed once, when it is rebuilt with them.
    DPKG_DEB_COMPRESSOR_TYPE=none "$bin/jpackage" --type deb --dest "$out" "${common[@]}" \
      --app-image "$out/alexnet-studio" \
      --license-file LICENSE \
      --resource-dir installer/linux \
      --linux-package-name alexnet-studio \
      --linux-app-category education \
      --linux-package-deps "libgtk-3-0, libgl1, libasound2, libxtst6"
    bash installer/deb-menu-entry.sh "$(ls "$out"/alexnet-studio_*.deb)"
    ;;
  mac)
    "$bin/jpackage" --type dmg --dest "$out" "${common[@]}" --app-image "$out/alexnet-studio" \
      --license-file LICENSE
    ;;
  windows)
    "$bin/jpackage" --type msi --dest "$out" "${common[@]}" --app-image "$out/alexnet-studio" \
      --license-file LICENSE --win-menu --win-menu-group "AlexNet Studio" --win-shortcut --win-dir-chooser
    ;;
esac
echo "installer: $(ls -1 "$out" | grep -v '^alexnet-studio$' | tr '\n' ' ')in $(( $(date +%s) - start )) s"
ls -la "$out"
