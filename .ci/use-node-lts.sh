# Sourced by .ci/run (and usable by developers): puts the Node LTS pinned in .nvmrc first on PATH.
# The machines this runs on ship an older Node and reach only the npm registry, which carries
# Node's official Linux builds as the `node-linux-<arch>` packages; the binary is unpacked once
# into a cache directory. npm itself is the machine's (npm 11 runs on Node 24).
pinned="$(tr -d ' \n' < "$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")"
if [ "$(node --version 2>/dev/null)" != "v$pinned" ]; then
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "no Node build for $(uname -m) in the npm registry" >&2; return 1 ;;
  esac
  dir="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/jira-tracker-bridge/node-v$pinned-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    mkdir -p "$dir.tmp"
    (cd "$dir.tmp" && npm pack "node-linux-$arch@$pinned" --silent >/dev/null && tar xzf "node-linux-$arch-$pinned.tgz" --strip-components=1 && rm "node-linux-$arch-$pinned.tgz")
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
fi
