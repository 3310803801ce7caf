package dev.tunnelwatch.job.model;

/**
 * A connection after CIM mapping: its group, its event time (epoch ms) and its source port in
 * canonical decimal form, the three things a window row is built from.
 */
public record NetworkConnection(GroupKey key, long time, String srcPort) {}
