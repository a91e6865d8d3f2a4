#!/usr/bin/env bash
# Runs only the *E2E tests against the real kube-apiserver + etcd + kube-controller-manager (1.20, built from Debian's
# source by scripts/real-apiserver/build.sh); ./run-tests runs them too, after the unit and sandbox tests.
#   K8S_HOME (default /tmp/k8s) must hold the built binaries. Extra arguments go to Maven, e.g. -Dit.test=ScenariosE2E
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
H=${K8S_HOME:-/tmp/k8s}
if [ ! -x "$H/bin/kube-apiserver" ]; then
  echo "e2e: no kube-apiserver in $H/bin: build it first with $here/scripts/real-apiserver/build.sh (about 6-8 minutes, needs root for apt)" >&2
  exit 3
fi
. "$here/scripts/find-jdk.sh"
kubemedic_find_jdk || exit 3
kubemedic_maven || exit 3
. "$here/scripts/real-apiserver/session.sh"
real_apiserver_up || exit 3
cd "$here"
"$MVN" -B -ntp verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='*E2E' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dkubemedic.e2e.kubeconfig="$H/kubeconfig" -Dkubemedic.e2e.home="$H" "$@"
