package org.gdmc.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;

import org.gdmc.kernel.ScorePass;
import org.junit.jupiter.api.Test;

/** {@link LogDensities} gives the log-sums of {@link MixtureScore#evaluate} bit for bit, on every component kind. */
class LogDensitiesTest {
    private static final Mixture GAUSSIANS_2D = Mixture.of(List.of(
            new GaussianComponent(0, 0.3, new double[]{2, 0.5}, new double[][]{{1.5, 0.4}, {0.4, 0.7}}),
            new GaussianComponent(0, 0.2, new double[]{-1, 1}, new double[][]{{0.2, 0}, {0, 3}}),
            new GaussianComponent(1, 0.5, new double[]{-2, 0}, new double[][]{{1, 0}, {0, 1}})));
    private static final Mixture BOXES_1D = Mixture.of(List.of(
            new BoxComponent(0, 0.5, new double[]{1}, new double[]{2}),
            new BoxComponent(1, 0.25, new double[]{-2}, new double[]{0.5}),
            GaussianComponent.isotropic(1, 0.25, new double[]{3}, 0.5)));
    private static final Mixture THREE_CLASSES_3D = Mixture.of(List.of(
            new GaussianComponent(0, 0.4, new double[]{1, 0, 0},
                    new double[][]{{1, 0.2, 0}, {0.2, 1, 0.1}, {0, 0.1, 2}}),
            GaussianComponent.isotropic(1, 0.3, new double[]{0, 1, 0}, 0.8),
            GaussianComponent.isotropic(2, 0.3, new double[]{0, 0, 1}, 1.2)));
    private static final Mixture WITH_UNCONDITIONAL = GAUSSIANS_2D.withUnconditional(Mixture.of(List.of(
            GaussianComponent.isotropic(0, 1.0, new double[]{0.5, 0}, 2.0))));

    @Test
    void theLogSumsAreTheFullPassesBitForBit() {
        for (Mixture m : List.of(GAUSSIANS_2D, BOXES_1D, THREE_CLASSES_3D, WITH_UNCONDITIONAL)) {
            for (double t : new double[]{0.0, 0.01, 0.7, 3.0}) {
                double alpha = Math.exp(-t);
                double sigma2 = -Math.expm1(-2 * t);
                for (int cls = 0; cls < m.classes(); cls++) {
                    compare(m, cls, alpha, sigma2);
                }
            }
        }
    }

    private static void compare(Mixture m, int cls, double alpha, double sigma2) {
        int d = m.dimension();
        double[] params = m.packedParams();
        int[] meta = m.packedMeta();
        LogDensities fast = new LogDensities(params, meta, cls, alpha, sigma2);
        double[] scratch = new double[ScorePass.length(d)];
        double[] x = new double[d + 1];
        SplittableRandom random = new SplittableRandom(31 + cls);
        for (int n = 0; n < 2000; n++) {
            for (int j = 0; j < d; j++) {
                // mostly near the components, some far out in the tails
                x[1 + j] = n % 10 == 0 ? 40 * (random.nextDouble() - 0.5) : 6 * (random.nextDouble() - 0.5);
            }
            MixtureScore.evaluate(params, meta, cls, alpha, sigma2, x, 1, scratch, 0);
            fast.evaluate(x, 1);
            String at = "at " + java.util.Arrays.toString(x) + ", class " + cls + ", alpha " + alpha;
            assertEquals(Double.doubleToRawLongBits(scratch[ScorePass.logAll(d)]),
                    Double.doubleToRawLongBits(fast.logAll()), "log p " + at);
            assertEquals(Double.doubleToRawLongBits(scratch[ScorePass.logClass(d)]),
                    Double.doubleToRawLongBits(fast.logClass()), "log p(x, c) " + at);
        }
    }
}
