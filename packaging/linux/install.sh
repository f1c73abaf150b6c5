#!/usr/bin/env bash
# Installs Timeline Desktop for the current user so it appears in the desktop's app menu:
# the bundle under ~/.local/opt/timeline-desktop (when given or built), a `timeline-desktop`
# link in ~/.local/bin, and the .desktop entry, AppStream metainfo and icons under
# ${XDG_DATA_HOME:-~/.local/share}. Without a bundle it uses the `timeline-desktop` on PATH
# (e.g. from `pip install`).
# Usage: packaging/linux/install.sh [BUNDLE_DIR]     (default: dist/timeline-desktop if built)
#        packaging/linux/install.sh --uninstall
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
app_id=org.timelinedesktop.TimelineDesktop
data="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/timeline-desktop"
bin="$HOME/.local/bin"

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
  # only refresh a cache that exists: a new, later stale cache would hide icons added after it
  if [ -f "$data/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$opt"
  [ -L "$bin/timeline-desktop" ] && rm -f "$bin/timeline-desktop"
  rm -f "$data/applications/$app_id.desktop" "$data/metainfo/$app_id.metainfo.xml"
  rm -f "$data"/icons/hicolor/*/apps/"$app_id".png "$data/icons/hicolor/scalable/apps/$app_id.svg"
  refresh_caches
  echo "Timeline Desktop removed (your data in ${XDG_DATA_HOME:-~/.local/share}/Timeline Desktop is kept)"
  exit 0
fi

bundle="${1:-}"
[ -z "$bundle" ] && [ -x "$repo/dist/timeline-desktop/timeline-desktop" ] && bundle="$repo/dist/timeline-desktop"
if [ -n "$bundle" ]; then
  [ -x "$bundle/timeline-desktop" ] || { echo "install.sh: no executable $bundle/timeline-desktop" >&2; exit 1; }
  bundle=$(cd "$bundle" && pwd)
  if [ "$bundle" != "$opt" ]; then
    rm -rf "$opt"
    mkdir -p "$(dirname "$opt")"
    cp -a "$bundle" "$opt"
  fi
  mkdir -p "$bin"
  ln -sfn "$opt/timeline-desktop" "$bin/timeline-desktop"
  exe="$opt/timeline-desktop"
else
  exe=$(command -v timeline-desktop) || {
    echo "install.sh: give a bundle folder, run scripts/build-bundle, or pip install the app" >&2
    exit 1
  }
fi

# Absolute Exec/TryExec: a desktop session's PATH often lacks ~/.local/bin.
mkdir -p "$data/applications" "$data/metainfo"
sed -e "s|^Exec=.*|Exec=\"$exe\"|" -e "s|^TryExec=.*|TryExec=$exe|" \
  "$here/$app_id.desktop" > "$data/applications/$app_id.desktop"
cp "$here/$app_id.metainfo.xml" "$data/metainfo/$app_id.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$repo/resources/icons/timeline-desktop-$size.png" "$data/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$repo/resources/icons/timeline-desktop.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
refresh_caches
echo "Timeline Desktop installed: $exe"
echo "  menu entry: $data/applications/$app_id.desktop"
