#!/usr/bin/env bash
# Installs the programs the tests start on loopback ports (test/services/*): redis-server, Debian's
# docker-registry, htpasswd (apache2-utils), openssl, git with git http-backend, and chromium (the status
# page is looked at in a real headless browser). Tests never install
# anything themselves; under CI a missing program fails its tests, locally they are skipped with a warning.
#
# Idempotent and non-interactive: installs only what is missing, with apt-get, through sudo when not root.
set -euo pipefail

# command -> Debian package ("git-http-backend" is looked up in git's exec path, not on PATH)
COMMANDS=(redis-server redis-cli docker-registry htpasswd openssl git git-http-backend chromium)
declare -A PACKAGE=(
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [docker-registry]=docker-registry
  [htpasswd]=apache2-utils
  [openssl]=openssl
  [git]=git
  [git-http-backend]=git
  [chromium]=chromium
)

present() {
  if [ "$1" = git-http-backend ]; then
    command -v git >/dev/null 2>&1 && [ -x "$(git --exec-path)/git-http-backend" ]
  else
    command -v "$1" >/dev/null 2>&1
  fi
}

missing=()
packages=()
for cmd in "${COMMANDS[@]}"; do
  if ! present "$cmd"; then
    missing+=("$cmd")
    pkg=${PACKAGE[$cmd]}
    [[ " ${packages[*]} " == *" $pkg "* ]] || packages+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-test-services: all present (${COMMANDS[*]})"
  exit 0
fi

echo "setup-test-services: missing ${missing[*]}; installing Debian packages: ${packages[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-test-services: apt-get not found; install these yourself: ${packages[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup-test-services: not root and no sudo; as root run: apt-get install -y ${packages[*]}" >&2
  exit 1
fi

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"

still=()
for cmd in "${missing[@]}"; do present "$cmd" || still+=("$cmd"); done
if [ ${#still[@]} -gt 0 ]; then
  echo "setup-test-services: still missing after install: ${still[*]}" >&2
  exit 1
fi
echo "setup-test-services: installed ${packages[*]}"
