package dev.tunnelwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.job.functions.RunCounters;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    static final String NL = System.lineSeparator();

    @Test
    void fromAccumulators() {
        Map<String, Object> acc = new HashMap<>();
        acc.put(RunCounters.READ, 100L);
        acc.put(RunCounters.MATCHED, 40L);
        acc.put(RunCounters.NOT_MATCHING, 30);      // an Integer is read too
        acc.put(RunCounters.SKIPPED, 20L);
        acc.put(RunCounters.DEAD_LETTERED, 10L);
        acc.put(RunCounters.deadLettered(DeadLetterReason.NO_USABLE_TIME), 3L);
        acc.put(RunCounters.deadLettered(DeadLetterReason.MALFORMED_JSON), 7L);
        acc.put(RunCounters.deadLettered(DeadLetterReason.DTD_REFUSED), 0L);
        acc.put(RunCounters.ROWS_WRITTEN, 5L);
        acc.put(RunCounters.ROWS_ALLOWLISTED, 2L);
        acc.put("something_else", "ignored");

        RunSummary s = RunSummary.from(acc);
        assertThat(s.read()).isEqualTo(100);
        assertThat(s.matched()).isEqualTo(40);
        assertThat(s.notMatching()).isEqualTo(30);
        assertThat(s.skipped()).isEqualTo(20);
        assertThat(s.deadLettered()).isEqualTo(10);
        assertThat(s.rowsWritten()).isEqualTo(5);
        assertThat(s.rowsAllowlisted()).isEqualTo(2);
        // in the enum's order, zero counts left out
        assertThat(s.deadLetteredByReason()).containsExactly(
                Map.entry("malformed-json", 7L), Map.entry("no-usable-time", 3L));
        assertThat(s.balances()).isTrue();
        assertThat(s.format()).isEqualTo(
                "summary: read 100 = matched 40 + not matching 30 + skipped (not EID 3) 20 + dead-lettered 10" + NL
                        + "summary: dead letters by reason: malformed-json=7 no-usable-time=3" + NL
                        + "summary: rows written 5 (2 more removed by the allowlist)");
    }

    @Test
    void counterNames() {
        assertThat(RunCounters.deadLettered(DeadLetterReason.NO_USABLE_TIME))
                .isEqualTo("records_dead_lettered_no_usable_time");
        assertThat(RunCounters.deadLettered(DeadLetterReason.INVALID_UTF8))
                .isEqualTo("records_dead_lettered_invalid_utf8");
    }

    @Test
    void emptyMapIsAllZeroAndBalances() {
        RunSummary s = RunSummary.from(Map.of());
        assertThat(s).isEqualTo(new RunSummary(0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0));
        assertThat(s.balances()).isTrue();
        assertThat(s.format()).isEqualTo(
                "summary: read 0 = matched 0 + not matching 0 + skipped (not EID 3) 0 + dead-lettered 0" + NL
                        + "summary: rows written 0");
    }

    @Test
    void unbalancedCountsAreFlagged() {
        RunSummary s = new RunSummary(10, 3, 3, 3, 0, 0, Map.of(), 1, 0, 0, 0, 0);
        assertThat(s.balances()).isFalse();
        assertThat(s.format()).isEqualTo(
                "summary: read 10 = matched 3 + not matching 3 + skipped (not EID 3) 3 + dead-lettered 0" + NL
                        + "summary: rows written 1" + NL
                        + "summary: WARNING counts do not add up: a bug, please report it");
        assertThat(new RunSummary(8, 3, 3, 3, 0, 0, Map.of(), 1, 0, 0, 0, 0).balances()).isFalse();
    }

    @Test
    void everyReasonIsRead() {
        Map<String, Object> acc = new HashMap<>();
        long total = 0;
        Map<String, Long> expected = new LinkedHashMap<>();
        long n = 1;
        for (DeadLetterReason r : DeadLetterReason.values()) {
            acc.put(RunCounters.deadLettered(r), n);
            expected.put(r.code(), n);
            total += n;
            n++;
        }
        acc.put(RunCounters.READ, total);
        acc.put(RunCounters.DEAD_LETTERED, total);
        RunSummary s = RunSummary.from(acc);
        assertThat(s.deadLetteredByReason()).containsExactlyEntriesOf(expected);
        assertThat(s.balances()).isTrue();
        assertThat(s.format()).contains("summary: dead letters by reason: invalid-utf8=1 record-too-large=2 ");
    }

    @Test
    void noAllowlistNoteWhenNothingWasRemoved() {
        RunSummary s = new RunSummary(1, 1, 0, 0, 0, 0, Map.of(), 1, 0, 0, 0, 0);
        assertThat(s.format()).endsWith("summary: rows written 1");
    }
}
