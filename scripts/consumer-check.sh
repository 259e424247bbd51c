#!/usr/bin/env bash
# Checks Opt2Vec as a DL4J application sees it: installs this build's artifacts into the local Maven repository,
# then builds and runs opt2vec-examples/src/test/consumer, a standalone project that depends on the installed
# opt2vec-dl4j plus a backend of its own choosing and trains a network with `.updater(new Opt2Vec())`.
# Fails (non-zero exit) when the project does not build or its loss does not go down.
# Usage: scripts/consumer-check.sh [extra Maven options, e.g. -Dnd4j.platform=linux-arm64]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp -q install -DskipTests "$@"
mvn -B -ntp -q -f opt2vec-examples/src/test/consumer/pom.xml package exec:exec "$@"
