package dev.tunnelwatch.connectors.record;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks over decoded records: bounded out-of-orderness, idleness, and records without an
 * event (skipped or dead-lettered) ignored entirely. Were they seen, a partition that carries only
 * other event IDs (most Sysmon traffic) would count as active without ever moving its watermark,
 * and hold every window open forever.
 */
public final class EventTimeWatermarks {

    private EventTimeWatermarks() {}

    public static WatermarkStrategy<DecodedRecord> of(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<DecodedRecord> events = WatermarkStrategy
                .<DecodedRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withIdleness(idleness);
        WatermarkStrategy<DecodedRecord> strategy =
                context -> new EventsOnly(events.createWatermarkGenerator(context));
        return strategy.withTimestampAssigner((record, sourceTimestamp) -> record.eventTime());
    }

    private record EventsOnly(WatermarkGenerator<DecodedRecord> inner) implements WatermarkGenerator<DecodedRecord> {

        @Override
        public void onEvent(DecodedRecord record, long timestamp, WatermarkOutput output) {
            if (record.event() != null) {
                inner.onEvent(record, timestamp, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            inner.onPeriodicEmit(output);
        }
    }
}
