#!/usr/bin/env bash
# Re-creates src/GeccAssessment.Web/wwwroot/lib from the npm packages pinned in
# src/GeccAssessment.Web/package.json (+ package-lock.json). The copied files are committed,
# so neither `./gecc run` nor CI needs npm; run this only to upgrade a front-end package.
set -euo pipefail
web="$(cd "$(dirname "$0")/../src/GeccAssessment.Web" && pwd)"
cd "$web"
npm ci --no-audit --no-fund --ignore-scripts
lib="$web/wwwroot/lib"
rm -rf "$lib"
mkdir -p "$lib/bootstrap" "$lib/bootstrap-icons/fonts" "$lib/sarabun" "$lib/idb"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$lib/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$lib/bootstrap/"
cp node_modules/bootstrap/LICENSE "$lib/bootstrap/LICENSE"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$lib/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$lib/bootstrap-icons/fonts/"
cp node_modules/bootstrap-icons/LICENSE "$lib/bootstrap-icons/LICENSE"
# Sarabun as TTF: the PDF shaper (HarfBuzz) needs TTF, and browsers read it too (one file, two uses).
for weight in 400Regular 700Bold; do
  cp "node_modules/@expo-google-fonts/sarabun/${weight}/Sarabun_${weight}.ttf" "$lib/sarabun/"
done
cp node_modules/@expo-google-fonts/sarabun/LICENSE* "$lib/sarabun/" 2>/dev/null || true
# Browsers get WOFF2 in two subsets (Thai, Latin) of @fontsource/sarabun: a tenth of the TTF's bytes,
# and each subset is fetched only when a page uses its characters (unicode-range in css/site.css).
for subset in thai latin; do
  for weight in 400 700; do
    cp "node_modules/@fontsource/sarabun/files/sarabun-${subset}-${weight}-normal.woff2" "$lib/sarabun/"
  done
done
# idb: IndexedDB with promises, for the scoring form's offline queue (global `idb`).
cp node_modules/idb/build/umd.js "$lib/idb/idb.umd.js"
cp node_modules/idb/LICENSE "$lib/idb/LICENSE"
echo "vendored into $lib"
