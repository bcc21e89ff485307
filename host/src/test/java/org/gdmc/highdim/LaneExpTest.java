package org.gdmc.highdim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.gdmc.backend.vector.VectorExp;
import org.junit.jupiter.api.Test;

/** The blocked score's exp: the scalar twin gives the vector lanes' bits, within 2 ulp of StrictMath.exp. */
class LaneExpTest {
    @Test
    void theScalarTwinGivesTheVectorBitsAndIsAccurate() {
        int n = 1 << 16;
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            x[i] = -720 + 1440 * r.nextDouble();
        }
        x[0] = Double.NaN;
        x[1] = Double.NEGATIVE_INFINITY;
        x[2] = Double.POSITIVE_INFINITY;
        x[3] = 0.0;
        x[4] = -0.0;
        double[] lanes = new double[n];
        VectorExp.exp(x, 0, lanes, 0, n);
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            double s = LaneExp.scalar(x[i]);
            assertEquals(Double.doubleToRawLongBits(lanes[i]), Double.doubleToRawLongBits(s), "x = " + x[i]);
            if (x[i] > -700 && x[i] < 700) {
                double e = StrictMath.exp(x[i]);
                worst = Math.max(worst, Math.abs(s - e) / Math.ulp(e));
            }
        }
        assertTrue(Double.isNaN(LaneExp.scalar(Double.NaN)));
        assertEquals(1.0, LaneExp.scalar(0.0), 0.0);
        assertTrue(worst <= 2.0, "within " + worst + " ulp");
    }
}
