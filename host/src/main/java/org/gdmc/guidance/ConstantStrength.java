package org.gdmc.guidance;

import org.gdmc.process.ForwardProcess;

/** The same strength at every time: the guidance of the seed papers. */
public record ConstantStrength(double value) implements GuidanceSchedule {
    public ConstantStrength {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a guidance strength must be finite, got " + value);
        }
    }

    @Override
    public double at(double t, ForwardProcess process) {
        return value;
    }

    @Override
    public double scale() {
        return value;
    }

    @Override
    public GuidanceSchedule scaledTo(double scale) {
        return new ConstantStrength(scale);
    }

    @Override
    public String describe(String symbol) {
        return symbol + "=" + value;
    }
}
