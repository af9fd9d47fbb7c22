#!/usr/bin/env bash
# The one step `npm test` runs first (and so does .ci/run): the system programs the tests need beyond `npm install`.
#   chromium       the browser the Playwright suites drive (Debian's /usr/bin/chromium; Playwright's own build,
#                  from `npx playwright install chromium`, does as well)
#   dovecot-imapd  the throwaway IMAP server the inbound-mail tests start (tests/mail/inbound, e2e/inbound.spec.ts)
# As root with apt-get it installs what is missing; anyone else is stopped at once with the one command to run.
set -euo pipefail

missing=()
if [ ! -x /usr/bin/chromium ] && ! compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium-*" >/dev/null; then
  missing+=(chromium)
fi
PATH="$PATH:/usr/sbin" command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-imapd)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-prereqs: installing Debian's ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "test-prereqs: the tests need ${missing[*]}, which this machine lacks. Install them, then run npm test again:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 1
