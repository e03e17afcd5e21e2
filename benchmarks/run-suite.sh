#!/usr/bin/env sh
# Builds the benchmarks jar and runs the suite, writing benchmarks/results/latest.{json,md,png}.
#   benchmarks/run-suite.sh          short profile: about 19 minutes on 2 cores
#   benchmarks/run-suite.sh long     longer iterations and 2 forks, for a quiet machine
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests
exec java -cp benchmarks/target/benchmarks.jar io.mpnet.benchmarks.Suite "${1:-short}" benchmarks/results
