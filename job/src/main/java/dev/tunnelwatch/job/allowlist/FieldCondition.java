package dev.tunnelwatch.job.allowlist;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/** One condition of an allowlist rule, on one output field. Values compare exactly (case-sensitive). */
public sealed interface FieldCondition extends Serializable {

    String field();

    boolean test(String value);

    /** The field equals one of the values ({@code app: X} or {@code dvc: [A, B]}). */
    record OneOf(String field, Set<String> values) implements FieldCondition {
        @Override
        public boolean test(String value) {
            return values.contains(value);
        }
    }

    /** The field ends with one of the suffixes ({@code dest: {suffix: .corp.example}}). */
    record Suffix(String field, List<String> suffixes) implements FieldCondition {
        @Override
        public boolean test(String value) {
            for (String s : suffixes) {
                if (value.endsWith(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The field is an IP address inside one of the networks ({@code src_ip: {cidr: 10.0.0.0/8}}). */
    record InNetwork(String field, List<IpCidr> networks) implements FieldCondition {
        @Override
        public boolean test(String value) {
            for (IpCidr n : networks) {
                if (n.contains(value)) {
                    return true;
                }
            }
            return false;
        }
    }
}
