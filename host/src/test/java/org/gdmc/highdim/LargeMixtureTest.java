package org.gdmc.highdim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Exact class-law draws: the component frequencies are the class's weight shares, and the mean is m_c. */
class LargeMixtureTest {
    @Test
    void drawsPickComponentsByTheirWeightsAndHaveTheClassMean() {
        int d = 3;
        int k = 60;
        int[] cls = new int[k];
        double[] w = new double[k];
        double[] mu = new double[k * d];
        double[] s2 = new double[k];
        for (int i = 0; i < k; i++) {
            cls[i] = i % 2;
            w[i] = 1.0 + (i * 7) % 11;
            s2[i] = 1e-6;
            mu[i * d] = i;
        }
        LargeMixture m = LargeMixture.of(d, cls, w, mu, CovarianceForm.ISOTROPIC, s2, null, 0, new double[0],
                new double[0]);
        int n = 200_000;
        long[] hits = new long[k];
        double[] x = new double[d];
        double[] work = new double[m.drawWorkLength()];
        long[] words = new long[4];
        double sum = 0.0;
        double sum2 = 0.0;
        for (int i = 0; i < n; i++) {
            m.draw(1, 3L, i, x, 0, work, words);
            int row = (int) Math.round(x[0]);
            hits[row]++;
            sum += x[0];
            sum2 += x[0] * x[0];
        }
        double pi = m.classWeight(1);
        for (int row = 0; row < k; row++) {
            // rows are sorted by class; the draw's first coordinate is the component's input index
            double share = m.classOf(row) == 1 ? Math.exp(m.logWeight(row)) / pi : 0.0;
            double se = Math.sqrt(share * (1 - share) / n);
            assertEquals(share, (double) hits[m.sourceIndex(row)] / n, 5 * se + 1e-12, "component " + row);
        }
        double mean = sum / n;
        double sd = Math.sqrt(sum2 / n - mean * mean);
        assertEquals(m.classMean(1)[0], mean, 5 * sd / Math.sqrt(n));
    }
}
