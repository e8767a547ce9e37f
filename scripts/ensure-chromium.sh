#!/bin/sh
# Browser tests drive Debian's chromium headless. Install it when we can; explain when we cannot.
CHROMIUM="${CONTROLMAP_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "ensure-chromium: installing Debian chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
        && exit 0
fi
echo "ensure-chromium: $CHROMIUM is missing and cannot be installed here (needs root and apt-get)."
echo "ensure-chromium: run 'sudo apt-get install chromium' (or set CONTROLMAP_CHROMIUM); browser tests will be skipped."
exit 0
