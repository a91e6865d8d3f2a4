package io.kubemedic.bench;

/**
 * What one trial measured, in nanoseconds ({@code -1}: a stamp was missing). Stamps, all {@link System#nanoTime()} in
 * this JVM: t0 status write sent, E crash update arriving on Kubemedic's own watch connection ({@link WatchTap}),
 * H the same update seen by the harness's independent informer, D incident opened (DETECTED), the store calls,
 * C guards passed (DECIDED), Gr the eviction's live pod read answered, P eviction request sent, X eviction done
 * (sandbox: request arrived at the server; real server: pod deletion seen by the harness's informer).
 *
 * @param write      the status write's own round trip
 * @param e2e        t0 → X: status write to eviction
 * @param e2eSent    t0 → P: status write to Kubemedic sending the eviction
 * @param ctrl       E → P: Kubemedic's own part (queue, snapshot, diagnosis, plan, store, guards, live read, request built)
 * @param ctrlSrv    H → X: "ctrl" as reported before 2026-12-01 (Kubemedic plus the server handling the eviction)
 * @param audit      time inside synchronous store writes between t0 and P
 * @param storeCalls store calls (reads and writes) between t0 and P, in order, e.g. {@code saveIncident append}
 * @param detect     E → D: parsing and informer dispatch, queue, snapshot, diagnosis, plan
 * @param open       D → end of the incident's first save
 * @param guards     end of that save → C: guards (with the storm count from the pod cache) and the budget entry
 * @param intent     C → end of the intent row
 * @param read       end of the intent row → Gr: the eviction's live GET of the pod
 * @param post       Gr → P: building and handing the eviction request to the transport
 */
record Trial(long write, long e2e, long e2eSent, long ctrl, long ctrlSrv, long audit, String storeCalls, long detect, long open,
             long guards, long intent, long read, long post) {

    double auditShare() {
        return ctrl > 0 && audit >= 0 ? (double) audit / ctrl : Double.NaN;
    }

    double ctrlShare() {
        return e2e > 0 && ctrl >= 0 ? (double) ctrl / e2e : Double.NaN;
    }
}
