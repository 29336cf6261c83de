#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need (Debian packages), restores and builds once,
# then runs every test project one after another, so no two AppHosts fight over the two cores.
# Usage: tests/run.sh [Area ...]   e.g. tests/run.sh Orders Gateway   (default: every tests/*/*.Tests.csproj)
# Ends with the line "N passed, N failed" and exits non-zero when anything failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v wrk >/dev/null || true # only the benchmarks need wrk
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
      echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "Missing: ${missing[*]}. Install with: sudo apt-get install -y ${missing[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build ReferenceApp.sln -nologo -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

if [ $# -gt 0 ]; then
  projects=(); for area in "$@"; do projects+=("tests/$area.Tests/$area.Tests.csproj"); done
else
  # Fast unit and integration projects first, the whole-system and browser ones last.
  mapfile -t projects < <(ls tests/*/*.Tests.csproj | awk '{ print (/System|Browser/ ? "2 " : "1 ") $0 }' | sort | cut -d' ' -f2)
fi

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
passed=0; failed=0
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  dotnet test "$project" --no-build --nologo --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" 2>&1 | grep -vE "^\s*(Passed|Skipped) " | tail -n 60
  status=${PIPESTATUS[0]}
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    p=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
    f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    # A test host that crashed or timed out fails the run even when no single test did.
    if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); echo "$name: dotnet test exited $status"; fi
  else
    echo "$name: no results (dotnet test exited $status)"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
