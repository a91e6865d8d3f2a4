package io.kubemedic.app.mcp.tools;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;

import java.util.List;

/** Every MCP tool Kubemedic serves, over one assembled Kubemedic (the same observer, engine and store as the loop). */
public final class Toolbox {

    private Toolbox() {
    }

    public static List<KubemedicTool> of(Kubemedic kubemedic) {
        return List.of(new DiagnosePod(kubemedic), new AnalyzeLogs(kubemedic), new CheckResourceUsage(kubemedic), new AutoHealPod(kubemedic),
                new RollbackDeployment(kubemedic), new ListUnhealthyPods(kubemedic), new ListIncidents(kubemedic), new GetIncident(kubemedic),
                ApprovalTools.approve(kubemedic), ApprovalTools.reject(kubemedic));
    }
}
