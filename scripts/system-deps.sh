#!/usr/bin/env bash
# Installs the Debian packages the tests and the PDF need, when any is missing:
# chromium (browser tests, driven by Playwright; never downloaded by Playwright itself),
# poppler-utils (PDF inspection), pango + harfbuzz-subset (WeasyPrint), fonts (Noto: names in Arabic,
# Devanagari, CJK and emoji print in the PDF).
set -euo pipefail
packages=(chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
          fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
