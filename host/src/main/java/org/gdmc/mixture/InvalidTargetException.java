package org.gdmc.mixture;

/** A target that cannot exist: names the offending field (e.g. {@code components[1].covariance}) and why. */
public final class InvalidTargetException extends IllegalArgumentException {
    private final String field;

    public InvalidTargetException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The path of the offending field relative to the target, e.g. {@code components[1].weight}. */
    public String field() {
        return field;
    }
}
