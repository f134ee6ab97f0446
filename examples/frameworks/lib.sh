# Sourced by examples/frameworks/<name>/run: installs an example's own
# dependencies the first time (and again when they or the in-tree library
# change), into the example's directory, and points it at the in-tree build
# of engagespot-token. Nothing here installs system packages (scripts/setup
# does); npm and pip fetch only the example's pinned dependencies.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# fingerprint FILE...: one hash of the files' contents, to tell when to reinstall.
fingerprint() { cat "$@" | sha256sum | cut -d' ' -f1; }

# lock_example DIR: holds DIR/.run.lock while a run script installs and
# builds, so that two runs started at once do not install over each other;
# the second waits, then finds everything in place.
lock_example() {
  exec {example_lock}>"$1/.run.lock"
  flock "$example_lock"
}

# unlock_example: lets the next run in once this one's setup is done.
unlock_example() { flock --unlock "$example_lock"; exec {example_lock}>&-; }

# node_example DIR: node_modules from the example's package-lock.json, with
# bindings/node copied in as a real install would (.npmrc install-links), and
# the in-tree addon (bindings/node/engagespot_token.node) chosen explicitly.
node_example() {
  local dir=$1 addon=$root/bindings/node/engagespot_token.node
  if [ ! -f "$addon" ]; then
    echo "run: building the Node addon (bindings/node: npm run build)" >&2
    (cd "$root/bindings/node" && npm run --silent build) >&2
  fi
  export ENGAGESPOT_TOKEN_NODE_ADDON=$addon
  local stamp=$dir/node_modules/.engagespot-example-installed
  local want
  want=$(fingerprint "$dir/package.json" "$dir/package-lock.json" "$root/bindings/node/package.json" \
    "$root"/bindings/node/*.js "$root"/bindings/node/*.mjs "$root"/bindings/node/*.d.ts "$root"/bindings/node/frameworks/*)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "run: installing $(basename "$dir")'s npm dependencies into $dir/node_modules" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
    echo "$want" > "$stamp"
  fi
}

# python_example DIR: a venv in DIR/.venv with DIR/requirements.txt, and the
# in-tree module (bindings/python/python plus target/release/lib_native.so,
# staged as scripts/test-python does) on PYTHONPATH. Sets $python.
python_example() {
  local dir=$1 venv=$1/.venv native=$root/target/release/lib_native.so
  if [ ! -f "$native" ]; then
    echo "run: building the Python extension (cargo build --release --workspace)" >&2
    (cd "$root" && cargo build --release --workspace --quiet) >&2
  fi
  local stamp=$venv/.engagespot-example-installed want
  want=$(fingerprint "$dir/requirements.txt")
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "run: installing $(basename "$dir")'s requirements into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$dir/requirements.txt" >&2
    echo "$want" > "$stamp"
  fi
  local stage=$venv/engagespot-token-stage
  rm -rf "$stage" && mkdir -p "$stage"
  cp -r "$root/bindings/python/python/engagespot_token" "$stage/"
  cp "$native" "$stage/engagespot_token/_native.abi3.so"
  export PYTHONPATH=$stage${PYTHONPATH:+:$PYTHONPATH}
  python=$venv/bin/python
}
