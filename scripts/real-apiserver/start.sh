#!/usr/bin/env bash
# Start etcd + kube-apiserver + kube-controller-manager on 127.0.0.1. Local use only.
# Vendored from shared/tools/real-apiserver (2026-12-01) so CI on a clean clone has it; readiness is polled with curl.
# Env knobs (defaults in brackets) let a test run a private instance beside the shared one: K8S_HOME [/tmp/k8s],
# K8S_BIN [$K8S_HOME/bin], APISERVER_PORT [6443], ETCD_PORT [2379], ETCD_PEER_PORT [2380], KCM_PORT [10257],
# KCM_QPS [100], KCM_BURST [200].
set -euo pipefail
H=${K8S_HOME:-/tmp/k8s}; P="$H/pki"; mkdir -p "$P" "$H/logs"
B=${K8S_BIN:-$H/bin}; API_PORT=${APISERVER_PORT:-6443}; ETCD_PORT=${ETCD_PORT:-2379}; ETCD_PEER_PORT=${ETCD_PEER_PORT:-2380}
KCM_PORT=${KCM_PORT:-10257}
if [ ! -f "$P/ca.crt" ]; then
  cat > "$P/openssl.cnf" <<'X'
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
[v3_srv]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
X
  (cd "$P" && openssl req -x509 -new -nodes -newkey rsa:2048 -keyout ca.key -out ca.crt -days 30 -subj /CN=local-ca -config openssl.cnf -extensions v3_ca 2>/dev/null \
   && openssl req -new -nodes -newkey rsa:2048 -keyout apiserver.key -out apiserver.csr -subj /CN=kube-apiserver -config openssl.cnf 2>/dev/null \
   && openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 30 -extfile openssl.cnf -extensions v3_srv 2>/dev/null \
   && openssl genrsa -out sa.key 2048 2>/dev/null && openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null)
  T=$(openssl rand -hex 16); echo "$T,admin,admin-uid,\"system:masters\"" > "$P/tokens.csv"; echo "$T" > "$P/admin.token"
fi
T=$(cat "$P/admin.token")
cat > "$H/kubeconfig" <<X
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "https://127.0.0.1:$API_PORT", certificate-authority: "$P/ca.crt"}}]
users: [{name: admin, user: {token: "$T"}}]
contexts: [{name: local, context: {cluster: local, user: admin}}]
current-context: local
X
: > "$H/pids"
# API server audit log: every non-read request (create/update/patch/delete, evictions…) as one JSON line, so a test
# can see exactly which mutating calls the server received.
cat > "$H/audit-policy.yaml" <<'X'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: None
    verbs: ["get", "list", "watch"]
  - level: Metadata
X
etcd --name k8s --data-dir "$H/etcd-data" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "k8s=http://127.0.0.1:$ETCD_PEER_PORT" \
  >"$H/logs/etcd.log" 2>&1 & echo $! >> "$H/pids"
sleep 2
"$B/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" --bind-address=127.0.0.1 --secure-port="$API_PORT" --insecure-port=0 \
  --advertise-address=127.0.0.1 --endpoint-reconciler-type=none --tls-cert-file="$P/apiserver.crt" --tls-private-key-file="$P/apiserver.key" \
  --client-ca-file="$P/ca.crt" --token-auth-file="$P/tokens.csv" --authorization-mode=RBAC \
  --service-account-key-file="$P/sa.pub" --service-account-signing-key-file="$P/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local --service-cluster-ip-range=10.0.0.0/24 \
  --audit-policy-file="$H/audit-policy.yaml" --audit-log-path="$H/logs/audit.log" \
  --cert-dir="$P/generated" >"$H/logs/apiserver.log" 2>&1 & echo $! >> "$H/pids"
for _ in $(seq 1 60); do curl -sf --cacert "$P/ca.crt" -H "Authorization: Bearer $T" "https://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1 && break; sleep 1; done
"$B/kube-controller-manager" --kubeconfig="$H/kubeconfig" --authentication-kubeconfig="$H/kubeconfig" --authorization-kubeconfig="$H/kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --port=0 --leader-elect=false --service-account-private-key-file="$P/sa.key" \
  --root-ca-file="$P/ca.crt" --use-service-account-credentials=false --cert-dir="$P/kcm-generated" \
  --kube-api-qps="${KCM_QPS:-100}" --kube-api-burst="${KCM_BURST:-200}" >"$H/logs/kcm.log" 2>&1 & echo $! >> "$H/pids"
echo "ready: KUBECONFIG=$H/kubeconfig"
