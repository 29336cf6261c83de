#!/usr/bin/env bash
# The image references CI builds for one service, one a line, read from deploy/profile.json so that they are exactly
# the ones the overlays name (one tag scheme for CI and every overlay):
#   main          -> <environments.dev.images.registry>/<image>:<environments.dev.images.tag>   (what overlays/dev runs)
#                    and the same with the immutable tag sha-<commit, 12>
#   tag v<X.Y.Z>  -> <environments.prod.images.registry>/<image>:<X.Y.Z>, which must equal environments.prod.images.tag
#                    (overlays/prod); the release workflow then pins it by digest
#   anything else -> <dev registry>/<image>:sha-<commit, 12> (pull requests: built and scanned, never pushed)
#
#   deploy/docker/image-refs.sh <image> <git ref> <commit sha>
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <image> <git ref> <commit sha>" >&2
  exit 2
fi

image="$1" ref="$2" sha="$3"
profile="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/profile.json"
read_profile() { jq -er "$1" "$profile"; }

dev_registry="$(read_profile '.environments.dev.images.registry')"
case "$ref" in
  refs/tags/v*)
    version="${ref#refs/tags/v}"
    prod_tag="$(read_profile '.environments.prod.images.tag')"
    if [[ "$version" != "$prod_tag" ]]; then
      echo "release $ref does not match environments.prod.images.tag ($prod_tag) in deploy/profile.json: set it, regenerate, tag again" >&2
      exit 1
    fi
    echo "$(read_profile '.environments.prod.images.registry')/$image:$prod_tag"
    ;;
  refs/heads/main)
    echo "$dev_registry/$image:$(read_profile '.environments.dev.images.tag')"
    echo "$dev_registry/$image:sha-${sha:0:12}"
    ;;
  *)
    echo "$dev_registry/$image:sha-${sha:0:12}"
    ;;
esac
