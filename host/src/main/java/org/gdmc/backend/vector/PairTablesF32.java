package org.gdmc.backend.vector;

import org.gdmc.backend.f32.FloatArrays;

/**
 * {@link PairTables} rounded to float, with the noise coefficients C_i and the sweep's κ, for {@link PairLanesF32}.
 * The tables are formed in float64 and rounded once, so each entry is the float nearest its exact value.
 */
final class PairTablesF32 {
    final float[] curvature;
    final float[] slope;
    final float[] offset;
    final float[] keep;
    final float[] pull;
    final float[] bend;
    final float[] push;
    final float[] coefC;
    /** κ per guidance and step. */
    final float[][] kappa;

    PairTablesF32(PairTables t, double[] coefC, double[][] kappa) {
        curvature = FloatArrays.narrow(t.curvature);
        slope = FloatArrays.narrow(t.slope);
        offset = FloatArrays.narrow(t.offset);
        keep = FloatArrays.narrow(t.keep);
        pull = FloatArrays.narrow(t.pull);
        bend = FloatArrays.narrow(t.bend);
        push = FloatArrays.narrow(t.push);
        this.coefC = FloatArrays.narrow(coefC);
        this.kappa = new float[kappa.length][];
        for (int g = 0; g < kappa.length; g++) {
            this.kappa[g] = FloatArrays.narrow(kappa[g]);
        }
    }
}
