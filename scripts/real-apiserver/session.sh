# Sourced by run-tests and scripts: real_apiserver_up starts the real API server unless one already answers on
# 127.0.0.1:6443, and stops it again on exit only if it started it.
real_apiserver_up() {
  local H="${K8S_HOME:-/tmp/k8s}" dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  if [ -f "$H/pki/admin.token" ] && curl -sf --max-time 2 --cacert "$H/pki/ca.crt" -H "Authorization: Bearer $(cat "$H/pki/admin.token")" \
      https://127.0.0.1:6443/readyz >/dev/null 2>&1; then
    echo "real-apiserver: already running, reusing it" >&2
    return 0
  fi
  if ! K8S_HOME="$H" "$dir/start.sh" >&2; then
    echo "real-apiserver: start failed; logs in $H/logs" >&2
    return 1
  fi
  # shellcheck disable=SC2064
  trap "K8S_HOME='$H' '$dir/stop.sh'" EXIT
  if ! curl -sf --max-time 5 --cacert "$H/pki/ca.crt" -H "Authorization: Bearer $(cat "$H/pki/admin.token")" https://127.0.0.1:6443/readyz >/dev/null; then
    echo "real-apiserver: not ready after start; logs in $H/logs" >&2
    return 1
  fi
}
