#!/usr/bin/env bash
# Assembles a minimal Java 17 base image from this machine, without a daemon or a registry:
# a jlink runtime of the local JDK (java.se + the modules the services use), the shared libraries
# it and ONNX Runtime load (their ldd closure), user jboss (uid 185, as in ubi9/openjdk-17-runtime)
# and a world-writable /tmp. Written as a `docker save` archive, which Jib takes as its base through
# quarkus.jib.base-jvm-image=tar://<file>. Used where registry.access.redhat.com is not reachable.
#
#   tools/images/base-image.sh [OUT.tar]     (default target/images/jre17-base.tar)
set -euo pipefail

out=${1:-target/images/jre17-base.tar}
jdk=${SPECIALIST_BASE_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
tag=${SPECIALIST_BASE_TAG:-specialist/jre17-base:local}
[[ -d $jdk/jmods ]] || { echo "no jmods in $jdk: set SPECIALIST_BASE_JDK to a JDK 17 with jmods" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{opt,etc,tmp,home/jboss} "$(dirname "$out")"

# java.se for the services, the Vector API for model-core, jdk.unsupported for Netty/Kafka,
# jdk.crypto.ec for TLS to Kafka and PostgreSQL, jdk.zipfs for the fast-jar, management for metrics.
"$jdk/bin/jlink" --add-modules java.se,jdk.incubator.vector,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.localedata \
  --include-locales=en --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"
# Debian's JDK keeps its CA store outside the JDK: give the runtime a real one.
if [[ -f /etc/ssl/certs/java/cacerts ]]; then
  rm -f "$root/opt/java/lib/security/cacerts"
  cp /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
fi

# Shared libraries: what the runtime links to, plus what libonnxruntime.so needs (C++ runtime).
# The GUI and sound libraries of java.desktop are left out with their X11/ALSA dependencies: no display here.
libs=$( { find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
          ! -name 'libawt_xawt.so' ! -name 'libjsound.so' ! -name 'libsplashscreen.so' ! -name 'libfontmanager.so'; } \
  | xargs ldd 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | grep -v "^$root"
  ls /lib/x86_64-linux-gnu/libstdc++.so.6 /lib/x86_64-linux-gnu/libgcc_s.so.1)
for lib in $(printf '%s\n' $libs | sort -u); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# usrmerge layout, as on Debian: /lib64 and /lib point into /usr.
for dir in lib lib64; do
  if [[ -d $root/$dir && ! -L $root/$dir ]]; then mkdir -p "$root/usr/$dir"; cp -a "$root/$dir/." "$root/usr/$dir/"; rm -rf "${root:?}/$dir"; fi
  [[ -d $root/usr/$dir ]] && ln -s "usr/$dir" "$root/$dir"
done

printf 'root:x:0:0:root:/root:/sbin/nologin\njboss:x:185:0:jboss:/home/jboss:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\njboss:x:185:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"

# One layer, reproducible: sorted, root-owned, fixed mtime (Jib adds /home/jboss owned by 185).
layer=$work/layer.tar
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$layer" .
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"185","WorkingDir":"/home/jboss",
   "Env":["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8","HOME=/home/jboss"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"tools/images/base-image.sh: jlink runtime of $("$jdk/bin/java" -version 2>&1 | head -1 | tr -d '"')"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["%s"],"Layers":["layer.tar"]}]\n' "$tag" > "$work/manifest.json"
tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "$out: $(du -h "$out" | cut -f1) ($tag, java runtime $(du -sh "$root/opt/java" | cut -f1))"
