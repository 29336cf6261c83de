#!/usr/bin/env bash
# Start-up benchmark: seconds from the run command to every resource healthy, for ReferenceApp (cold: empty data
# folder, so initdb and database creation run; warm: the data of the previous run; newcomer: the README's own
# `dotnet run --project AppHost`, build included) and for a bare AppHost with one empty project, measured in the same
# run on the same machine, plus the memory the whole local run holds once ready. Writes docs/benchmarks-startup.md.
# The cache is the embedded Garnet server, as on a fresh machine without redis-server.
# Usage: tests/Benchmarks/startup.sh [runs per case, default 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
work=$(mktemp -d /tmp/referenceapp-startup.XXXXXX)
chmod 755 "$work" # as root, PostgreSQL runs as the postgres user, which must reach its data folder below this one
trap 'pkill -TERM -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true

# --- the bare AppHost: one empty web project with a health endpoint, nothing else
mkdir -p "$work/bare/AppHost" "$work/bare/Empty"
cat > "$work/bare/Directory.Build.props" <<'XML'
<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable><NoWarn>ASPIRE010</NoWarn></PropertyGroup></Project>
XML
cat > "$work/bare/Directory.Packages.props" <<'XML'
<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>
XML
cat > "$work/bare/Empty/Empty.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk.Web"></Project>
XML
cat > "$work/bare/Empty/Program.cs" <<'CS'
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => "Healthy");
app.Run();
CS
cat > "$work/bare/AppHost/AppHost.csproj" <<'XML'
<Project Sdk="Aspire.AppHost.Sdk/13.6.4">
  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Aspire.Hosting.AppHost" Version="13.6.5" />
    <PackageReference Include="Polly.Core" Version="8.8.0" />
    <PackageReference Include="Nerdbank.MessagePack" Version="1.3.88" />
    <ProjectReference Include="../Empty/Empty.csproj" />
  </ItemGroup>
</Project>
XML
cat > "$work/bare/AppHost/Program.cs" <<'CS'
var builder = DistributedApplication.CreateBuilder(args);
builder.AddProject<Projects.Empty>("empty", launchProfileName: null).WithHttpEndpoint(port: 5399).WithHttpHealthCheck("/health");
builder.Build().Run();
CS

echo "Building ReferenceApp and the bare AppHost..."
dotnet build "$root/ReferenceApp.sln" -nologo -clp:ErrorsOnly >/dev/null
dotnet build "$work/bare/AppHost" -nologo -clp:ErrorsOnly >/dev/null

now() { date +%s.%N; }

# Resident memory (MB) of a run: the process and all its descendants (the AppHost), plus the orchestrator (DCP), which
# detaches from the AppHost (its parent becomes init; it names the AppHost it serves in "--monitor PID"), and all of its
# descendants: the dashboard, every service, PostgreSQL and its workers, the cache.
descendants() {
  local frontier=("$@") next
  while [ ${#frontier[@]} -gt 0 ]; do
    printf '%s\n' "${frontier[@]}"
    next=()
    for p in "${frontier[@]}"; do
      while read -r child; do [ -n "$child" ] && next+=("$child"); done < <(ps -o pid= --ppid "$p" 2>/dev/null | tr -d ' ')
    done
    frontier=("${next[@]}")
  done
}
tree_rss_mb() {
  local pids dcp
  mapfile -t pids < <(descendants "$1")
  for p in "${pids[@]}"; do
    for dcp in $(pgrep -f "dcp start-apiserver --monitor $p( |$)" || true); do
      mapfile -t -O "${#pids[@]}" pids < <(descendants "$dcp")
    done
  done
  # RSS summed counts each shared page (DCP's several processes share one binary) once per process; PSS shares it out.
  local rss pss=0 kb
  rss=$(ps -o rss= -p "$(IFS=,; echo "${pids[*]}")" 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s / 1024 }')
  for p in "${pids[@]}"; do kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null); pss=$((pss + ${kb:-0})); done
  echo "$rss/$((pss / 1024))"
}

# Runs a command in the background until a condition holds; prints the seconds it took, then stops the run.
# With MEMORY_FILE set, also writes the run's resident memory at that moment to that file.
time_until() {
  local condition=$1; shift
  local log="$work/run.log" start pid elapsed
  # Emptied before the start: truncated by the background job instead, the check could still read the previous run's
  # ready line (one warm run read 0.0 s).
  : >"$log"
  start=$(now)
  "$@" >>"$log" 2>&1 &
  pid=$!
  until eval "$condition"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the run ended early:" >&2; tail -20 "$log" >&2; return 1; fi
    if awk -v a="$(now)" -v b="$start" 'BEGIN { exit !(a - b > 300) }'; then echo "timed out" >&2; kill -TERM "$pid"; return 1; fi
    sleep 0.1
  done
  elapsed=$(awk -v a="$(now)" -v b="$start" 'BEGIN { print a - b }')
  if [ -n "${MEMORY_FILE:-}" ]; then sleep 3; tree_rss_mb "$pid" > "$MEMORY_FILE"; fi
  # SIGTERM to the AppHost (the child of dotnet run) stops the orchestrator and every resource.
  pkill -TERM -P "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 2
  printf '%.1f\n' "$elapsed"
}

ours_ready='grep -q "ReferenceApp is ready" "$work/run.log"'
bare_ready='curl -sf -m 1 http://localhost:5399/health >/dev/null'
ours_args=(--Infrastructure:Mode=processes --Infrastructure:Cache=garnet --Infrastructure:DataDirectory="$work/data"
  --LocalUrls:FrontendPort=0 --LocalUrls:GatewayPort=0)
ours=(dotnet run --project "$root/AppHost" --no-build --no-launch-profile -- "${ours_args[@]}")
# The README's command as a newcomer types it: the AppHost and every service are built (up to date) first.
newcomer=(dotnet run --project "$root/AppHost" --no-launch-profile -- "${ours_args[@]}")
bare=(dotnet run --project "$work/bare/AppHost" --no-build --no-launch-profile)
bare_newcomer_command=(dotnet run --project "$work/bare/AppHost" --no-launch-profile)
# Only the AppHost's own dashboard gets these (services get their URLs from the AppHost).
export DOTNET_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18999 ASPNETCORE_URLS=http://localhost:18998

declare -a ours_cold ours_warm ours_newcomer ours_memory bare_cold bare_warm bare_newcomer bare_memory
for i in $(seq "$runs"); do
  rm -rf "$work/data"
  ours_cold+=("$(time_until "$ours_ready" "${ours[@]}")")
  ours_warm+=("$(MEMORY_FILE="$work/memory" time_until "$ours_ready" "${ours[@]}")")
  ours_memory+=("$(cat "$work/memory")")
  ours_newcomer+=("$(time_until "$ours_ready" "${newcomer[@]}")")
  bare_cold+=("$(time_until "$bare_ready" "${bare[@]}")")
  bare_warm+=("$(MEMORY_FILE="$work/memory" time_until "$bare_ready" "${bare[@]}")")
  bare_memory+=("$(cat "$work/memory")")
  bare_newcomer+=("$(time_until "$bare_ready" "${bare_newcomer_command[@]}")")
  echo "run $i: ours cold ${ours_cold[-1]} s, warm ${ours_warm[-1]} s (${ours_memory[-1]} MB), newcomer ${ours_newcomer[-1]} s;" \
    "bare ${bare_cold[-1]} s, ${bare_warm[-1]} s (${bare_memory[-1]} MB), newcomer ${bare_newcomer[-1]} s"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
oc=$(median "${ours_cold[@]}"); ow=$(median "${ours_warm[@]}"); on=$(median "${ours_newcomer[@]}")
bc_=$(median "${bare_cold[@]}"); bw=$(median "${bare_warm[@]}"); bn=$(median "${bare_newcomer[@]}")
om=$(median "${ours_memory[@]%/*}")/$(median "${ours_memory[@]#*/}"); bm=$(median "${bare_memory[@]%/*}")/$(median "${bare_memory[@]#*/}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

out="$root/docs/benchmarks-startup.md"
# The part written by hand (from "## Where the time goes" on) is kept; only the measured part above it is rewritten.
by_hand=$(sed -n '/^## Where the time goes/,$p' "$out" 2>/dev/null || true)
cat > "$out" <<MD
# Start-up: run command to every resource healthy

Measured by \`tests/Benchmarks/startup.sh $runs\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, no container runtime (process mode,
the cache on the embedded Garnet server as on a fresh machine). Each figure is the median of $runs runs, timed from
the command to ReferenceApp's "ReferenceApp is ready" log line (every resource healthy) or to the bare project's
first healthy answer. Cold: an empty data folder (initdb and database creation run). Warm: the previous run's data.
Newcomer: the README's \`dotnet run --project AppHost\`, which builds the (up-to-date) AppHost and services first;
the other rows use \`--no-build\` after one build. Memory, 3 s after ready in the warm runs, over the run's whole
process tree (the \`dotnet run\` launcher, the AppHost, DCP and its process monitors, the dashboard, services,
PostgreSQL and its workers, the cache): RSS summed / PSS summed, in MB. RSS counts a page shared by several processes
(DCP's monitors share one binary, the .NET processes share the runtime) once per process; PSS divides it among them, so
PSS summed is what the run as a whole holds.

| case | cold (s) | warm (s) | newcomer, with build (s) | memory, RSS / PSS (MB) |
|---|---|---|---|---|
| ReferenceApp: PostgreSQL, Garnet, 6 services | $oc | $ow | $on | $om |
| bare AppHost, one empty project | $bc_ | $bw | $bn | $bm |
| ratio ReferenceApp / bare | $(ratio "$oc" "$bc_") | $(ratio "$ow" "$bw") | $(ratio "$on" "$bn") | |

Every run: ours cold ${ours_cold[*]}; ours warm ${ours_warm[*]}; newcomer ${ours_newcomer[*]}; bare cold ${bare_cold[*]};
bare warm ${bare_warm[*]}; bare newcomer ${bare_newcomer[*]}; memory ours ${ours_memory[*]} MB, bare ${bare_memory[*]} MB.
Load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg).
MD
[ -n "$by_hand" ] && printf '\n%s\n' "$by_hand" >>"$out"
cat "$out"
