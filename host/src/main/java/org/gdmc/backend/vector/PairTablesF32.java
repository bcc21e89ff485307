package org.gdmc.backend.vector;

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
    final float[] kappa;

    PairTablesF32(PairTables t, double[] coefC, double[] kappa) {
        curvature = narrow(t.curvature);
        slope = narrow(t.slope);
        offset = narrow(t.offset);
        keep = narrow(t.keep);
        pull = narrow(t.pull);
        bend = narrow(t.bend);
        push = narrow(t.push);
        this.coefC = narrow(coefC);
        this.kappa = narrow(kappa);
    }

    private static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
