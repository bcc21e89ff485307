package org.gdmc.fields;

/**
 * Bad input: names the offending field (a dotted path such as {@code target.components[1].covariance}), the value
 * given, and what was expected.
 */
public final class ConfigException extends RuntimeException {
    private final String field;
    private final String reason;

    public ConfigException(String field, String message) {
        super("invalid field '" + field + "': " + message);
        this.field = field;
        this.reason = message;
    }

    /** What is wrong with the field, without its name. */
    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
