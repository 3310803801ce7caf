package dev.tunnelwatch.job.model;

import java.io.Serializable;

/** The detection's identity, carried on every row so an analyst knows what fired. */
public record DetectionRule(String name, String id, String version, String technique, String tactic)
        implements Serializable {

    /** Splunk Security Content's "Windows Potential Cloudflared Network Connection". */
    public static final DetectionRule CLOUDFLARED = new DetectionRule(
            "Windows Potential Cloudflared Network Connection",
            "29798d45-c9c7-4240-a5ef-d7648c016024",
            "1",
            "T1572",
            "TA0011");
}
