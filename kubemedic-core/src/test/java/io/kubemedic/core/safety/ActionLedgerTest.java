package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.ResourceRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.WEB;
import static io.kubemedic.core.safety.GuardFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

class ActionLedgerTest {

    private static final ResourceRef API = ResourceRef.deployment("blog", "api");

    @Test
    void lastOnIsTheLatestEntryEvenWhenRecordedOutOfOrder() {
        ActionLedger ledger = new ActionLedger(Duration.ofHours(2));
        ledger.record(entry(NOW, "late", WEB, ActionType.SCALE));
        ledger.record(entry(NOW.minusSeconds(30), "early", WEB, ActionType.EVICT_POD));

        assertThat(ledger.lastOn(WEB)).map(ActionLedger.Entry::incidentId).contains("late");
        assertThat(ledger.entries()).extracting(ActionLedger.Entry::incidentId).containsExactly("early", "late");
    }

    @Test
    void countsByTimeNamespaceWorkloadAndAction() {
        ActionLedger ledger = ActionLedger.of(Duration.ofHours(2), List.of(
                entry(NOW.minusSeconds(10), "a", WEB, ActionType.EVICT_POD),
                entry(NOW.minusSeconds(20), "b", WEB, ActionType.SCALE),
                entry(NOW.minusSeconds(30), "c", API, ActionType.EVICT_POD),
                entry(NOW.minusSeconds(4000), "d", WEB, ActionType.EVICT_POD)));

        assertThat(ledger.countSince(NOW.minusSeconds(3600))).isEqualTo(3);
        assertThat(ledger.countSince(NOW.minusSeconds(30))).isEqualTo(3);
        assertThat(ledger.countSince(NOW.minusSeconds(29))).isEqualTo(2);
        assertThat(ledger.countInNamespaceSince("shop", NOW.minusSeconds(3600))).isEqualTo(2);
        assertThat(ledger.countSince(WEB, ActionType.EVICT_POD, NOW.minusSeconds(5000))).isEqualTo(2);
        assertThat(ledger.lastOn(ResourceRef.deployment("shop", "none"))).isEmpty();
    }

    @Test
    void dropsEntriesOlderThanTheRetentionBeforeTheNewest() {
        ActionLedger ledger = new ActionLedger(Duration.ofHours(1));
        ledger.record(entry(NOW.minusSeconds(3601), "old", WEB, ActionType.SCALE));
        ledger.record(entry(NOW.minusSeconds(3600), "edge", WEB, ActionType.SCALE));
        ledger.record(entry(NOW, "new", API, ActionType.SCALE));

        assertThat(ledger.entries()).extracting(ActionLedger.Entry::incidentId).containsExactly("edge", "new");
    }
}
