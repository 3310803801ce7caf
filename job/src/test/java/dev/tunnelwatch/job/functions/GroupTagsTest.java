package dev.tunnelwatch.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupTagsTest {

    @Test
    void holdsWhatAHashMapHolds_tagZeroAndKeyGroupsInTheTopBitsIncluded() {
        Random random = new Random(3);
        GroupTags tags = new GroupTags();
        Map<Long, Integer> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long tag = switch (i % 4) {
                case 0 -> 0L;
                case 1 -> (long) random.nextInt(32768) << 48;             // hash bits all zero
                case 2 -> ((long) random.nextInt(4) << 48) | random.nextInt(1000);
                default -> random.nextLong();
            };
            int chars = random.nextInt(500);
            boolean added = tags.add(tag, chars);
            assertThat(added).isEqualTo(!reference.containsKey(tag));
            reference.putIfAbsent(tag, chars);
            assertThat(tags.contains(tag)).isTrue();
        }
        assertThat(tags.size()).isEqualTo(reference.size());
        Map<Long, Integer> seen = new HashMap<>();
        tags.forEach(seen::put);
        assertThat(seen).isEqualTo(reference);
        assertThat(tags.contains(12345L << 20)).isEqualTo(reference.containsKey(12345L << 20));
    }
}
