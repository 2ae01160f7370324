#!/usr/bin/env bash
# Builds the images of the four services as image tarballs, with no Docker daemon and no registry:
# the Quarkus Jib extension (profile -Pimages) on a base image assembled from this machine's JDK
# (base-image.sh), handed to docker-archive instead of a daemon. Run from the repository root.
#
#   tools/images/build.sh [service...]     (default: serving ingest drift trainer)
# Env: IMAGE_DIR (target/images), IMAGE_TAG (the project version), BASE_IMAGE (a tar:// or registry
# reference; default: target/images/jre17-base.tar, built when missing), MVN_ARGS (e.g. -o -Dmaven.repo.local=...).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(realpath -m "${IMAGE_DIR:-target/images}")
services=("$@")
[[ ${#services[@]} -gt 0 ]] || services=(serving ingest drift trainer)

base=${BASE_IMAGE:-}
if [[ -z $base ]]; then
  [[ -f $dir/jre17-base.tar ]] || tools/images/base-image.sh "$dir/jre17-base.tar"
  base=tar://$dir/jre17-base.tar
fi
tag=()
[[ -n ${IMAGE_TAG:-} ]] && tag=(-Dquarkus.container-image.tag="$IMAGE_TAG")

# shellcheck disable=SC2086 # MVN_ARGS is a list of options
mvn ${MVN_ARGS:-} -q install -DskipTests -pl events,model-core,testing -am
for service in "${services[@]}"; do
  mvn ${MVN_ARGS:-} -q package -DskipTests -Pimages -pl "$service-service" \
    -Dquarkus.datasource.db-kind=postgresql \
    -Dquarkus.jib.base-jvm-image="$base" \
    -Dquarkus.jib.docker-executable-name="$PWD/tools/images/docker-archive" \
    -Dquarkus.jib.docker-environment.SPECIALIST_IMAGE_DIR="$dir" "${tag[@]}"
done
ls -l "$dir"/*.tar
