package dev.tunnelwatch.job.functions;

import static dev.tunnelwatch.job.functions.AdmittedGroups.Admission.ADMITTED;
import static dev.tunnelwatch.job.functions.AdmittedGroups.Admission.OPENED;
import static dev.tunnelwatch.job.functions.AdmittedGroups.Admission.OVER_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdmittedGroupsTest {

    private static long tag(int keyGroup, String host) {
        return AdmittedGroups.tag(keyGroup, new String[] {host, "7844"});
    }

    @Test
    void admitsUpToTheLimitPerWindowAndAlwaysTheGroupsAlreadyIn() {
        AdmittedGroups groups = new AdmittedGroups(2, 1000);
        assertThat(groups.admit(0, tag(1, "a"), 10)).isEqualTo(OPENED);
        assertThat(groups.admit(0, tag(2, "b"), 10)).isEqualTo(OPENED);
        assertThat(groups.admit(0, tag(3, "c"), 10)).isEqualTo(OVER_LIMIT);
        assertThat(groups.admit(0, tag(1, "a"), 10)).isEqualTo(ADMITTED);
        assertThat(groups.admit(0, tag(3, "c"), 10)).isEqualTo(OVER_LIMIT);
        // Another window has its own room.
        assertThat(groups.admit(3_600_000, tag(3, "c"), 10)).isEqualTo(OPENED);
        assertThat(groups.groups(0)).isEqualTo(2);
        assertThat(groups.groups(3_600_000)).isEqualTo(1);
    }

    @Test
    void closedWindowsAreForgotten() {
        AdmittedGroups groups = new AdmittedGroups(1, 1000);
        groups.admit(0, tag(1, "a"), 10);
        groups.admit(100, tag(1, "a"), 10);
        groups.admit(200, tag(1, "a"), 10);
        groups.forgetBefore(200);
        assertThat(groups.windows()).isEqualTo(1);
        assertThat(groups.groups(0)).isZero();
        assertThat(groups.groups(200)).isEqualTo(1);
    }

    @Test
    void tagsCarryTheKeyGroupAndSeparateFieldBoundaries() {
        long t = tag(32767, "host");
        assertThat(AdmittedGroups.keyGroupOf(t)).isEqualTo(32767);
        assertThat(AdmittedGroups.keyGroupOf(tag(0, "host"))).isZero();
        assertThat(AdmittedGroups.tag(5, new String[] {"ab", "c"}))
                .isNotEqualTo(AdmittedGroups.tag(5, new String[] {"a", "bc"}));
        assertThat(AdmittedGroups.tag(5, new String[] {"ab", "c"}))
                .isEqualTo(AdmittedGroups.tag(5, new String[] {"ab", "c"}));
    }

    @Test
    void aRestoredInstanceKeepsOnlyTheGroupsOfItsKeyGroups() {
        AdmittedGroups before = new AdmittedGroups(10, 1000);
        before.admit(0, tag(1, "a"), 10);
        before.admit(0, tag(2, "b"), 10);
        before.admit(100, tag(3, "c"), 10);
        List<long[]> checkpoint = before.snapshot();
        assertThat(checkpoint).hasSize(3);

        AdmittedGroups low = new AdmittedGroups(1, 1000);
        low.restore(checkpoint, t -> AdmittedGroups.keyGroupOf(t) <= 2);
        assertThat(low.groups(0)).isEqualTo(2);
        assertThat(low.groups(100)).isZero();
        // Restored groups stay admitted even beyond the new limit; new ones wait for room.
        assertThat(low.admit(0, tag(1, "a"), 10)).isEqualTo(ADMITTED);
        assertThat(low.admit(0, tag(2, "z"), 10)).isEqualTo(OVER_LIMIT);

        AdmittedGroups high = new AdmittedGroups(1, 1000);
        high.restore(checkpoint, t -> AdmittedGroups.keyGroupOf(t) > 2);
        assertThat(high.groups(100)).isEqualTo(1);
    }

    @Test
    void aMillionGroupsInOneWindowUnderTheLimit() {
        AdmittedGroups groups = new AdmittedGroups(1_000_000, Long.MAX_VALUE);
        int admitted = 0;
        for (int i = 0; i < 1_000_100; i++) {
            if (groups.admit(0, tag(i & 0x7FFF, "host-" + i), 10) == OPENED) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(1_000_000);
    }

    @Test
    void theSizeOfTheGroupsFieldsIsBoundedToo() {
        AdmittedGroups groups = new AdmittedGroups(100, 1000);
        assertThat(groups.admit(0, tag(1, "a"), 600)).isEqualTo(OPENED);
        assertThat(groups.admit(0, tag(2, "b"), 401)).isEqualTo(OVER_LIMIT);
        assertThat(groups.admit(0, tag(3, "c"), 400)).isEqualTo(OPENED);
        assertThat(groups.keyChars(0)).isEqualTo(1000);
        assertThat(groups.admit(0, tag(4, "d"), 1)).isEqualTo(OVER_LIMIT);
        assertThat(groups.admit(0, tag(1, "a"), 600)).isEqualTo(ADMITTED);
        AdmittedGroups restored = new AdmittedGroups(100, 1000);
        restored.restore(groups.snapshot(), t -> AdmittedGroups.keyGroupOf(t) == 3);
        assertThat(restored.keyChars(0)).isEqualTo(400);
        assertThat(AdmittedGroups.keyChars(new String[] {"abc", "", "de"})).isEqualTo(5);
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new AdmittedGroups(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdmittedGroups(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oldestOpenWindowFollowsTheWatermarkAndTheAllowedLateness() {
        long hour = 3_600_000;
        long offset = 50 * 60_000;
        GroupsPerWindowLimit noLateness = new GroupsPerWindowLimit(10, 1000, hour, offset, 0);
        assertThat(noLateness.oldestOpenWindow(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        // Window [11:50, 12:50) is purged when the watermark reaches 12:49:59.999.
        long w1150 = 11 * hour + offset;
        assertThat(noLateness.oldestOpenWindow(w1150 + hour - 2)).isEqualTo(w1150);
        assertThat(noLateness.oldestOpenWindow(w1150 + hour - 1)).isEqualTo(w1150 + hour);
        assertThat(noLateness.oldestOpenWindow(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        GroupsPerWindowLimit halfHour = new GroupsPerWindowLimit(10, 1000, hour, offset, hour / 2);
        assertThat(halfHour.oldestOpenWindow(w1150 + hour - 1 + hour / 2 - 1)).isEqualTo(w1150);
        assertThat(halfHour.oldestOpenWindow(w1150 + hour - 1 + hour / 2)).isEqualTo(w1150 + hour);
        assertThat(halfHour.oldestOpenWindow(Long.MIN_VALUE + 5)).isEqualTo(Long.MIN_VALUE);
    }
}
