#!/usr/bin/env bash
# Installs Debian's redis-server for the shared rate-limit store's tests (tests/client/test_store.py
# starts its own on 127.0.0.1 at a free port) when it is missing and we may install it.
# Never fails the build: those tests skip, saying why, when no redis-server can be had
# (and fail, saying why, under MONITE_PULUMI_REQUIRE_ALL=1, as .ci/run sets).
set -u
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: installing Debian's redis-server for the rate-limit store tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
    || echo "ensure-redis: could not install redis-server; the store tests will skip"
else
  echo "ensure-redis: redis-server not found and not root; the store tests will skip"
fi
exit 0
