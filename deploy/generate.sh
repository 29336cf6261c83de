#!/usr/bin/env bash
# Regenerates everything under deploy/ that is generated: the Aspire manifest and the kustomize tree.
#   deploy/generate.sh
# Commit the result: a test fails when the committed output differs from what the generator makes.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

dotnet build AppHost/AppHost.csproj --nologo -v quiet
dotnet build deploy/ManifestToKubernetes/ManifestToKubernetes.csproj --nologo -v quiet

# The manifest publisher resolves a relative --output-path against the AppHost folder, and writes project paths
# relative to the manifest's own folder: write it straight to its committed place, by absolute path.
dotnet run --project AppHost --no-build -- --publisher manifest --output-path "$repo/deploy/aspire-manifest.json"

dotnet run --project deploy/ManifestToKubernetes --no-build -- \
  --manifest "$repo/deploy/aspire-manifest.json" \
  --profile "$repo/deploy/profile.json" \
  --output "$repo/deploy/kubernetes"

for overlay in deploy/kubernetes/overlays/*/; do
  kubectl kustomize "$overlay" > /dev/null
  echo "kubectl kustomize $overlay: ok"
done
