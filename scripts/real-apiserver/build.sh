#!/usr/bin/env bash
# Build kube-apiserver and kube-controller-manager v1.20.2 from Debian's source package. Local use only.
# Vendored from shared/tools/real-apiserver (2026-12-01) so CI on a clean clone can build it; needs root for apt.
set -euo pipefail
H=${K8S_HOME:-/tmp/k8s}; mkdir -p "$H"/{apt/lists/partial,apt/cache,debsrc,debs,bin,gopath/src/k8s.io,out}
apt-get update -qq && apt-get install -y -qq golang-go etcd-server openssl >/dev/null
# a deb-src list made from the machine's own Debian sources (no system apt config changed)
sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$H/apt/debsrc.sources"
APTO=(-o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts="$H/aptparts" -o Dir::State::Lists="$H/apt/lists" -o Dir::Cache="$H/apt/cache")
mkdir -p "$H/aptparts"; cp "$H/apt/debsrc.sources" "$H/aptparts/"
apt-get "${APTO[@]}" update -qq
(cd "$H/debsrc" && apt-get "${APTO[@]}" source --download-only kubernetes >/dev/null)
S="$H/src120/kubernetes-1.20.2"
[ -d "$S" ] || { mkdir -p "$H/src120"; tar xzf "$H"/debsrc/kubernetes_*.orig.tar.gz -C "$H/src120"; }
# reflect2 1.0.1 in vendor/ breaks on Go >= 1.18: use Debian's 1.0.2
(cd "$H/debs" && apt-get download -qq golang-github-modern-go-reflect2-dev && dpkg -x golang-github-modern-go-reflect2-dev_*.deb x)
R="$S/vendor/github.com/modern-go/reflect2"; find "$R" \( -name '*.go' -o -name '*.s' \) -delete
cp "$H"/debs/x/usr/share/gocode/src/github.com/modern-go/reflect2/*.{go,s} "$R/"
ln -sfn "$S" "$H/gopath/src/k8s.io/kubernetes"
export GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0 GOCACHE="$H/gocache" GOPATH="$H/gopath"
LD="-s -w"; for V in k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version k8s.io/kubernetes/vendor/k8s.io/component-base/version; do
  LD="$LD -X $V.gitVersion=v1.20.2 -X $V.gitMajor=1 -X $V.gitMinor=20 -X $V.gitTreeState=clean"; done
cd "$H/gopath/src/k8s.io/kubernetes"
if [ ! -f pkg/generated/openapi/zz_generated.openapi.go ]; then
  go build -o "$H/bin/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
  # xargs exits 123 when one grep batch has no match; with pipefail that ended the script silently: tolerate it
  DIRS=$(find -L pkg cmd plugin vendor third_party -name '*.go' -not -path 'vendor/k8s.io/code-generator/*' -not -path 'vendor/k8s.io/sample-apiserver/*' -print0 \
    | { xargs -0 grep -l '^// *+k8s:openapi-gen=' || true; } | xargs -n1 dirname | LC_ALL=C sort -u)
  "$H/bin/openapi-gen" --logtostderr -i "$(echo "$DIRS" | sed 's#^#k8s.io/kubernetes/#' | paste -sd,)" \
    -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
    -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -r "$H/out/violations.report"
fi
go build -ldflags "$LD" -o "$H/bin/kube-apiserver" ./cmd/kube-apiserver
go build -ldflags "$LD" -o "$H/bin/kube-controller-manager" ./cmd/kube-controller-manager
echo "built: $(ls "$H/bin")"
