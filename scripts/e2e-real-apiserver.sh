#!/usr/bin/env bash
# Runs the *E2E tests against a real kube-apiserver + etcd + kube-controller-manager (v1.20, built from Debian's source
# package by shared/tools/real-apiserver). Not part of ./run-tests: building the server takes about 8 minutes.
#   K8S_HOME (default /tmp/k8s) must hold the built binaries: run shared/tools/real-apiserver/build.sh first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$here/../shared/tools/real-apiserver"
H=${K8S_HOME:-/tmp/k8s}
if [ ! -x "$H/bin/kube-apiserver" ]; then
  echo "e2e: no kube-apiserver in $H/bin: build it first with $tools/build.sh (about 8 minutes, needs root for apt)" >&2
  exit 3
fi
. "$here/scripts/find-jdk.sh"
kubemedic_find_jdk || exit 3
"$tools/start.sh"
trap '"$tools/stop.sh"' EXIT
cd "$here"
mvn -B -ntp -Pe2e verify -pl kubemedic-app -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='*E2E' -Dfailsafe.failIfNoSpecifiedTests=false -Dkubemedic.e2e.kubeconfig="$H/kubeconfig"
