#!/usr/bin/env bash
# Start-up benchmark: seconds from the run command to every resource healthy, for ReferenceApp (cold: empty data
# folder, so initdb and database creation run; warm: the data of the previous run) and for a bare AppHost with one
# empty project, measured in the same run on the same machine. Writes docs/benchmarks-startup.md.
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

# Runs a command in the background until a condition holds; prints the seconds it took, then stops the run.
time_until() {
  local condition=$1; shift
  local log="$work/run.log" start pid elapsed
  start=$(now)
  "$@" >"$log" 2>&1 &
  pid=$!
  until eval "$condition"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the run ended early:" >&2; tail -20 "$log" >&2; return 1; fi
    if awk -v a="$(now)" -v b="$start" 'BEGIN { exit !(a - b > 300) }'; then echo "timed out" >&2; kill -TERM "$pid"; return 1; fi
    sleep 0.1
  done
  elapsed=$(awk -v a="$(now)" -v b="$start" 'BEGIN { print a - b }')
  # SIGTERM to the AppHost (the child of dotnet run) stops the orchestrator and every resource.
  pkill -TERM -P "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 2
  printf '%.1f\n' "$elapsed"
}

ours_ready='grep -q "ReferenceApp is ready" "$work/run.log"'
bare_ready='curl -sf -m 1 http://localhost:5399/health >/dev/null'
ours=(dotnet run --project "$root/AppHost" --no-build --no-launch-profile --
  --Infrastructure:Mode=processes --Infrastructure:DataDirectory="$work/data" --LocalUrls:FrontendPort=0 --LocalUrls:GatewayPort=0)
bare=(dotnet run --project "$work/bare/AppHost" --no-build --no-launch-profile)
# Only the AppHost's own dashboard gets these (services get their URLs from the AppHost).
export DOTNET_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18999 ASPNETCORE_URLS=http://localhost:18998

declare -a ours_cold ours_warm bare_cold bare_warm
for i in $(seq "$runs"); do
  rm -rf "$work/data"
  ours_cold+=("$(time_until "$ours_ready" "${ours[@]}")")
  ours_warm+=("$(time_until "$ours_ready" "${ours[@]}")")
  bare_cold+=("$(time_until "$bare_ready" "${bare[@]}")")
  bare_warm+=("$(time_until "$bare_ready" "${bare[@]}")")
  echo "run $i: ours cold ${ours_cold[-1]} s, warm ${ours_warm[-1]} s; bare ${bare_cold[-1]} s, ${bare_warm[-1]} s"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
oc=$(median "${ours_cold[@]}"); ow=$(median "${ours_warm[@]}"); bc_=$(median "${bare_cold[@]}"); bw=$(median "${bare_warm[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

out="$root/docs/benchmarks-startup.md"
cat > "$out" <<MD
# Start-up: run command to every resource healthy

Measured by \`tests/Benchmarks/startup.sh $runs\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, no container runtime (process mode).
Each figure is the median of $runs runs of \`dotnet run --no-build\` (after one build), timed from the command to
ReferenceApp's "ReferenceApp is ready" log line (all 9 resources healthy) or to the bare project's first healthy answer.
Cold: an empty data folder (initdb and database creation run). Warm: the previous run's data.

| case | cold (s) | warm (s) |
|---|---|---|
| ReferenceApp: PostgreSQL, Redis, 5 services | $oc | $ow |
| bare AppHost, one empty project | $bc_ | $bw |
| ratio ReferenceApp / bare | $(ratio "$oc" "$bc_") | $(ratio "$ow" "$bw") |

Every run: ours cold ${ours_cold[*]}; ours warm ${ours_warm[*]}; bare cold ${bare_cold[*]}; bare warm ${bare_warm[*]}.
MD
cat "$out"
