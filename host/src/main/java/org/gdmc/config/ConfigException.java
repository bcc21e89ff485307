package org.gdmc.config;

/**
 * Bad input: names the offending field (a dotted path such as {@code target.components[1].covariance}), the value
 * given, and what was expected.
 */
public final class ConfigException extends RuntimeException {
    private final String field;

    public ConfigException(String field, String message) {
        super("invalid field '" + field + "': " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
