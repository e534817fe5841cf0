#!/usr/bin/env bash
# Fails the build when a test class that README.md's Guarantees table cites did not run in this build:
# a guarantee whose test silently stopped running (renamed, excluded, skipped) must not stay in the README.
# Run by ./mvnw verify at the end of the reactor (presence-it-server); usage: bin/check-guarantees.sh [ROOT [SKIP_ITS]]
set -euo pipefail
root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$root"
if [ "${2:-false}" = true ]; then
  echo "check-guarantees: skipped (-DskipITs: the integration tests did not run)"; exit 0
fi
cited=$(sed -n '/^## Guarantees/,/^## [A-Z]/p' README.md | grep -oE '`[A-Z][A-Za-z0-9]*(Test|IT|Tests|Properties)[`.]' | tr -d '`.' | sort -u)
[ -n "$cited" ] || { echo "check-guarantees: README.md's Guarantees table cites no test class" >&2; exit 1; }
failed=0
for c in $cited; do
  src=$(find . -path ./node_modules -prune -o -path "*/src/test/java/*/$c.java" -print | head -n1)
  if [ -z "$src" ]; then
    echo "check-guarantees: README cites $c, but no $c.java exists" >&2; failed=1; continue
  fi
  module=${src#./}; module=${module%%/src/*}
  report=$(ls "$module"/target/surefire-reports/TEST-*."$c".xml "$module"/target/failsafe-reports/TEST-*."$c".xml 2>/dev/null | head -n1 || true)
  if [ -z "$report" ]; then
    echo "check-guarantees: README cites $c ($module), but this build has no report of it: it did not run" >&2; failed=1; continue
  fi
  # the suite element's own attributes: at least one test ran and not every test was skipped
  head=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  tests=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$head")
  skipped=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$head")
  if [ "${tests:-0}" -eq 0 ] || [ "${skipped:-0}" -ge "${tests:-0}" ]; then
    echo "check-guarantees: README cites $c, but it ran no test (tests=${tests:-0}, skipped=${skipped:-0})" >&2; failed=1; continue
  fi
  echo "check-guarantees: $c ran ($tests tests, ${skipped:-0} skipped)"
done
exit $failed
