#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need, restores and builds once, then runs the test
# projects: the unit and integration ones side by side (TEST_JOBS at a time, default 2: each starts at most its own
# PostgreSQL or Redis), longest first; then the two that each start the whole AppHost (System, Browser), one after the
# other so no two AppHosts fight over the two cores, the first as soon as every light project has started.
# Usage: tests/run.sh [Area ...]   e.g. tests/run.sh Orders Gateway   (default: every tests/*/*.Tests.csproj)
# Output: one line a project on stdout; its whole output in artifacts/test-results/<Project>.log and its results in
# <Project>.trx. Ends with the line "N passed, N failed, N skipped" and exits non-zero when a test failed, a test host
# hung or crashed, or a project left no results.
# A test silent for TEST_HANG_TIMEOUT (default 5m) is a hang: its host is stopped and the test named in the log.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${TEST_JOBS:-2}
hang=${TEST_HANG_TIMEOUT:-5m}

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

# The Deploy tests build the Kubernetes overlays with `kubectl kustomize`; without one they fail saying so.
if kubectl_dir=$(tests/install-kubectl.sh); then
  export PATH="$kubectl_dir:$PATH"
else
  echo "No usable kubectl: the Deploy tests that build the overlays will fail."
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build ReferenceApp.sln -nologo -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

# Light projects longest first (durations measured from the trx files, docs in the closing note), so the last to finish
# is a short one; projects not named here run after them.
light_order=(Deploy Orders Gateway Frontend Payments Identity AppHost ServiceDefaults TrafficGenerator)
heavy_order=(System Browser)
light=(); heavy=()
if [ $# -gt 0 ]; then
  areas=("$@")
else
  mapfile -t areas < <(ls tests/*/*.Tests.csproj | xargs -n1 basename | sed 's/\.Tests\.csproj$//')
fi
for area in "${light_order[@]}" "${areas[@]}"; do
  [[ " ${areas[*]} " == *" $area "* ]] || continue
  [[ " ${heavy_order[*]} " == *" $area "* ]] && continue
  [[ " ${light[*]} " == *" $area "* ]] || light+=("$area")
done
for area in "${heavy_order[@]}"; do
  [[ " ${areas[*]} " == *" $area "* ]] && heavy+=("$area")
done

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Counters of one trx file: "passed failed skipped" (skipped = total - executed).
counts() {
  local c
  c=$(grep -o '<Counters [^>]*' "$1" 2>/dev/null)
  local total executed passed failed
  total=$(grep -o ' total="[0-9]*"' <<<"$c" | grep -o '[0-9]*')
  executed=$(grep -o ' executed="[0-9]*"' <<<"$c" | grep -o '[0-9]*')
  passed=$(grep -o ' passed="[0-9]*"' <<<"$c" | grep -o '[0-9]*')
  failed=$(grep -o ' failed="[0-9]*"' <<<"$c" | grep -o '[0-9]*')
  echo "${passed:-0} ${failed:-0} $(( ${total:-0} - ${executed:-0} ))"
}

# Stops what is left of one project's run (its process group), if anything is.
stop_group() {
  local group
  group=$(cat "$1" 2>/dev/null) || return 0
  if kill -0 -- "-$group" 2>/dev/null; then
    kill -TERM -- "-$group" 2>/dev/null; sleep 2; kill -KILL -- "-$group" 2>/dev/null
  fi
  rm -f "$1"
}
trap 'for f in "$results"/*.pgid; do [ -e "$f" ] && stop_group "$f"; done; echo "Interrupted."; exit 130' INT TERM

# Runs one test project; leaves <name>.log, <name>.trx and <name>.status ("exit-code seconds"), prints one line.
run_project() {
  local area=$1 name="$1.Tests" start=$SECONDS status
  # In a session of its own, so that whatever the run leaves behind can be stopped by its process group: the hang guard
  # stops the test host, but the test process it started (xunit v3 runs one per assembly) was seen outliving it.
  setsid --wait bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$results/$name.pgid" \
    dotnet test "tests/$name/$name.csproj" --no-build --nologo \
    --blame-hang-timeout "$hang" --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" >"$results/$name.log" 2>&1
  status=$?
  stop_group "$results/$name.pgid"
  echo "$status $((SECONDS - start))" >"$results/$name.status"
  if [ -f "$results/$name.trx" ]; then
    read -r p f s < <(counts "$results/$name.trx")
    printf '%-24s %4d passed %3d failed %3d skipped %5d s\n' "$name" "$p" "$f" "$s" $((SECONDS - start))
  else
    printf '%-24s no results (dotnet test exited %d) %5d s\n' "$name" "$status" $((SECONDS - start))
  fi
  if [ "$status" -ne 0 ]; then
    # The failed tests and a hang's or crash's culprit, then where the rest is.
    grep -E '^\s+Failed |inactivity time|test running when the crash occurred' -A1 "$results/$name.log" | grep -v '^--$' | head -n 40 | sed 's/^/    /'
    echo "    (dotnet test exited $status; whole output: artifacts/test-results/$name.log)"
  fi
}

suite_start=$SECONDS
running=0
for area in "${light[@]}"; do
  while [ "$running" -ge "$jobs" ]; do wait -n; running=$((running - 1)); done
  run_project "$area" &
  running=$((running + 1))
done
if [ ${#heavy[@]} -gt 0 ]; then
  while [ "$running" -ge "$jobs" ]; do wait -n; running=$((running - 1)); done
  (for area in "${heavy[@]}"; do run_project "$area"; done) &
fi
wait

passed=0; failed=0; skipped=0
for area in "${light[@]}" "${heavy[@]}"; do
  name="$area.Tests"
  status=1
  [ -f "$results/$name.status" ] && read -r status _ <"$results/$name.status"
  if [ -f "$results/$name.trx" ]; then
    read -r p f s < <(counts "$results/$name.trx")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    # A test host that hung, crashed or timed out fails the run even when no single test did.
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  else
    failed=$((failed + 1))
  fi
done

# The chaos tests (classes with [Trait("Category", "Chaos")]: they kill processes of a running system) report their own
# time, inside the total above; `dotnet test tests/System.Tests --filter Category=Chaos` runs them alone.
chaos_classes=$(grep -h -A1 'Trait("Category", "Chaos")' tests/*/*.cs | grep -o 'class [A-Za-z0-9_]*' | cut -d' ' -f2 | paste -sd'|')
if [ -n "$chaos_classes" ]; then
  cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*' | grep -E "testName=\"[^\"]*\.($chaos_classes)\." \
    | grep -o ' duration="[0-9:.]*"' | grep -o '[0-9:.]*' \
    | awk -F: '{ s += $1 * 3600 + $2 * 60 + $3; n++ } END { if (n) printf "Chaos tests: %d, %.0f s of the total.\n", n, s }'
fi
echo "Tests took $((SECONDS - suite_start)) s."
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
