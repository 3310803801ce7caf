package dev.tunnelwatch.job.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelwatch.job.model.GroupKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertViewTest {

    @Test
    void groupFieldsAreTheGroupKeysInItsOrder() {
        assertThat(AlertView.GROUP_FIELDS).containsExactly(GroupKey.FIELD_NAMES);
    }

    @Test
    void copiesWhatItIsGivenAndCannotBeChanged() {
        Map<String, String> fields = AlertViews.sysmonFields();
        List<String> ports = new ArrayList<>(List.of("1", "2"));
        AlertView a = AlertViews.alert("new", 0, fields, 2, ports);
        fields.put("user", "someone else");
        ports.add("3");
        assertThat(a.field("user")).isEqualTo("svc_tunnel");
        assertThat(a.srcPorts()).containsExactly("1", "2");
        assertThatThrownBy(() -> a.groupFields().put("user", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.srcPorts().add("4")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(a.groupFields().keySet()).containsExactlyElementsOf(AlertView.GROUP_FIELDS);
    }

    @Test
    void groupValuesMayBeNull() {
        AlertView a = AlertViews.nothingKnown();
        assertThat(a.field("src_ip")).isNull();
        assertThatThrownBy(() -> a.field("src_port")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsWhatTheFormatsCannotWrite() {
        AlertView a = AlertViews.finalRow();
        assertThatThrownBy(() -> OcsfDetectionFindingTest.withSeverity(a, "severe"))
                .hasMessageContaining("severity");
        assertThatThrownBy(() -> AlertViews.alert("closed", 0, AlertViews.sysmonFields(), 1, List.of()))
                .hasMessageContaining("status");
        assertThatThrownBy(() -> AlertViews.alert("updated", 0, AlertViews.sysmonFields(), 1, List.of()))
                .hasMessageContaining("revision");
        Map<String, String> reordered = new LinkedHashMap<>(AlertViews.sysmonFields());
        reordered.put("action", reordered.remove("action"));
        assertThatThrownBy(() -> AlertViews.alert("new", 0, reordered, 1, List.of()))
                .hasMessageContaining("groupFields");
        assertThatThrownBy(() -> new AlertView(a.ruleName(), a.ruleId(), a.ruleVersion(), a.ruleDescription(),
                a.technique(), a.techniqueName(), a.tactic(), a.tacticName(), a.severity(), a.reason(),
                "BD8BB6560CB7616FD092AFA82D77EA3C", a.status(), a.revision(), a.groupFields(), a.count(),
                a.firstTime(), a.lastTime(), a.srcPorts(), a.windowStart(), a.windowEnd(), a.origins(),
                a.suppressedWindows())).hasMessageContaining("alertId");
    }

    @Test
    void severityRanksFromInformationalToCritical() {
        assertThat(AlertViews.finalRow().severityRank()).isEqualTo(3);
        assertThat(AlertViews.manyPorts().severityRank()).isEqualTo(5);
    }
}
