#!/bin/sh
# The browser tests (tests/e2e/) and `make screenshots` drive Debian's Chromium, because
# `playwright install` cannot download browsers here. Install it when it is missing.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Chromium at $CHROMIUM, and only root can install it." >&2
    echo "Run as root:  apt-get update && apt-get install -y chromium   (then run the tests again)" >&2
    exit 1
fi

echo "Installing Chromium for the browser tests: apt-get install chromium"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version
