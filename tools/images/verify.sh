#!/usr/bin/env bash
# Checks image tarballs (`docker save` archives as written by build.sh) for what the Helm chart and the
# trainer's Kubernetes runner rely on, and prints their sizes. Exits non-zero on the first failed check.
#   tools/images/verify.sh target/images/*-service-*.tar
# With VERIFY_RUN=1 (root, Linux) it also runs each image's java as the image user in a chroot of its
# layers: `java -version`, and the trainer's train-job entry point without arguments (picocli usage, exit 2).
set -euo pipefail
fail() { echo "FAIL $image: $*" >&2; exit 1; }
for image in "$@"; do
  work=$(mktemp -d)
  tar -xf "$image" -C "$work"
  config=$work/$(jq -r '.[0].Config' "$work/manifest.json")
  tag=$(jq -r '.[0].RepoTags[0]' "$work/manifest.json")
  service=$(basename "${tag%%:*}")
  layers=$(jq -r '.[0].Layers | length' "$work/manifest.json")
  [[ $(jq -r '.rootfs.diff_ids | length' "$config") == "$layers" ]] || fail "config has not one diff_id per layer"
  user=$(jq -r '.config.User' "$config")
  [[ $user =~ ^[1-9][0-9]*$ ]] || fail "image user '$user' is not a numeric non-root uid (runAsNonRoot needs one)"
  [[ $(jq -r '.config.WorkingDir' "$config") == /home/jboss ]] || fail "working directory is not /home/jboss"
  entrypoint=$(jq -r '.config.Entrypoint | join(" ")' "$config")
  [[ $entrypoint == *"--add-modules jdk.incubator.vector"* ]] || fail "entrypoint lacks the Vector API module: $entrypoint"
  [[ $entrypoint == *"-jar quarkus-run.jar"* || $entrypoint == *run-java.sh* ]] || fail "entrypoint does not start quarkus-run.jar: $entrypoint"
  jq -e '.config.Env | any(startswith("PATH="))' "$config" >/dev/null || fail "no PATH in the image environment"
  # The files the chart and the training Job command (/home/jboss/quarkus-run.jar) expect.
  listing=$work/files.txt
  for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do tar -tzvf "$work/$layer" 2>/dev/null; done > "$listing"
  for path in home/jboss/quarkus-run.jar home/jboss/quarkus/quarkus-application.dat "home/jboss/app/$service-" home/jboss/lib/main/io.specialist.events-; do
    grep -q " \\.\\?/\\?$path" "$listing" || fail "missing /$path*"
  done
  grep -q "^d.* $user/.* \\.\\?/\\?home/jboss/\$" "$listing" || fail "/home/jboss is not owned by uid $user"
  grep -q " \\.\\?/\\?home/jboss/lib/main/org.postgresql.postgresql-" "$listing" || fail "no PostgreSQL driver: build with -Dquarkus.datasource.db-kind=postgresql"
  ports=$(jq -r '.config.ExposedPorts // {} | keys | join(",")' "$config")
  if [[ ${VERIFY_RUN:-0} == 1 ]]; then
    root=$work/rootfs; mkdir -p "$root"
    for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do tar -xzf "$work/$layer" -C "$root" 2>/dev/null; done
    mkdir -p "$root/proc"
    path=$(jq -r '.config.Env[] | select(startswith("PATH=")) | sub("^PATH=";"")' "$config")
    unshare -m sh -c "mount -t proc proc '$root/proc' && cd '$root' && env -i PATH='$path' $(command -v chroot) --userspec=$user:0 '$root' java -version" 2>&1 | grep -q 'version "17' \
      || fail "java -version does not run as uid $user"
    if [[ $service == trainer-service ]]; then
      set +e
      unshare -m sh -c "mount -t proc proc '$root/proc' && env -i PATH='$path' $(command -v chroot) --userspec=$user:0 '$root' java --add-modules jdk.incubator.vector -jar /home/jboss/quarkus-run.jar train-job" > "$work/run.txt" 2>&1
      code=$?
      set -e
      [[ $code == 2 ]] && grep -q "Missing required options" "$work/run.txt" || fail "train-job entry point: exit $code, $(head -3 "$work/run.txt")"
    fi
  fi
  echo "ok $tag: $(du -h "$image" | cut -f1) archive, $layers layers, user $user, ports $ports, entrypoint: $entrypoint"
  rm -rf "$work"
done
