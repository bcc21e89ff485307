package org.gdmc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ForwardProcessTest {
    @Test
    void constantScheduleClosedForm() {
        ForwardProcess p = new ForwardProcess(new ConstantSchedule(1.0));
        for (double t : new double[] {1e-3, 0.5, 5.0}) {
            assertEquals(Math.exp(-t), p.alpha(t), 1e-15);
            assertEquals(1 - Math.exp(-2 * t), p.sigma2(t), 1e-15);
        }
    }

    @Test
    void linearScheduleClosedForm() {
        ForwardProcess p = new ForwardProcess(new LinearSchedule(0.1, 2.0));
        double t = 1.3;
        assertEquals(Math.exp(-(0.1 * t + t * t)), p.alpha(t), 1e-15);
        assertEquals(0.1 + 2.0 * t, p.beta(t), 1e-15);
        assertEquals(0.1 * (1.3 - 0.2) + (1.3 * 1.3 - 0.04), p.integral(0.2, 1.3), 1e-14);
    }

    /** σ_t² = 1 − e^{−2βt} ≈ 2βt keeps full relative precision as t → 0 (expm1, not 1 − exp). */
    @Test
    void smallTimeVarianceKeepsRelativePrecision() {
        ForwardProcess p = new ForwardProcess(new ConstantSchedule(1.0));
        double t = 1e-12;
        double exact = 2 * t - 2 * t * t;
        assertEquals(exact, p.sigma2(t), 1e-12 * exact);
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(0.0));
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1.0, -1.0));
        assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(Double.NaN));
    }
}
