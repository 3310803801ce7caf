package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.decode.SysmonFieldNames.*;

import dev.tunnelwatch.connectors.record.DeadLetterReason;
import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.SysmonNetworkConnect;
import java.util.List;
import java.util.Map;

/**
 * What every Sysmon encoding yields once parsed: the System values, the EventData values and the
 * time fallbacks in order. The rules that do not depend on the encoding (which records count,
 * which time is used) live here, once.
 *
 * @param eventId the event ID text, null when absent
 * @param provider the provider name, null when absent
 * @param channel the channel, null when absent
 * @param computer the computer name, null when absent
 * @param data the EventData values by Sysmon name; absent names are missing
 * @param timeFallbacks the encoding's time fields after {@code UtcTime}, in order
 */
record SysmonEnvelope(
        String eventId, String provider, String channel, String computer,
        Map<String, String> data, List<String> timeFallbacks) {

    private static final String SYSMON_PROVIDER = "Microsoft-Windows-Sysmon";
    private static final String SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    DecodeResult toResult() {
        if (!isEmpty(provider)) {
            if (!AsciiText.equalsIgnoreCase(provider, SYSMON_PROVIDER)) {
                return new DecodeResult.Skipped("provider is not Sysmon");
            }
        } else if (!isEmpty(channel) && !AsciiText.equalsIgnoreCase(channel, SYSMON_CHANNEL)) {
            return new DecodeResult.Skipped("channel is not Sysmon");
        }
        if (!"3".equals(IntegerText.canonical(eventId))) {
            return new DecodeResult.Skipped("event ID is not 3");
        }
        long time = EventTimes.parseTimestamp(data.get(UTC_TIME));
        if (time == EventTimes.OUT_OF_RANGE) {
            return DecodeResult.reject(DeadLetterReason.NO_USABLE_TIME, "UtcTime is outside 1970..9999");
        }
        for (int i = 0; i < timeFallbacks.size() && !EventTimes.isUsable(time); i++) {
            time = EventTimes.parseTimestamp(timeFallbacks.get(i));
        }
        if (!EventTimes.isUsable(time)) {
            return DecodeResult.reject(DeadLetterReason.NO_USABLE_TIME, "no usable UtcTime or fallback time");
        }
        return new DecodeResult.Decoded(new SysmonNetworkConnect(
                time,
                computer,
                data.get(IMAGE),
                data.get(USER),
                data.get(PROTOCOL),
                data.get(INITIATED),
                data.get(SOURCE_IP),
                data.get(SOURCE_HOSTNAME),
                data.get(SOURCE_PORT),
                data.get(DESTINATION_IP),
                data.get(DESTINATION_HOSTNAME),
                data.get(DESTINATION_PORT),
                data.get(DESTINATION_IS_IPV6)));
    }
}
