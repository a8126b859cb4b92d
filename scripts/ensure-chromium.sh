#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing and we may install it.
# Never fails the build: the browser tests skip, saying why, when no Chromium can be had
# (and fail, saying why, under MONITE_PULUMI_REQUIRE_ALL=1, as .ci/run sets).
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "ensure-chromium: could not install chromium; browser tests will skip"
else
  echo "ensure-chromium: chromium not found and not root; browser tests will skip"
fi
exit 0
