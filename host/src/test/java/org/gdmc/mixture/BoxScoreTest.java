package org.gdmc.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.gdmc.kernel.ScorePass;
import org.gdmc.testing.Normal;
import org.gdmc.testing.TestMixtures;
import org.junit.jupiter.api.Test;

class BoxScoreTest {
    private static final double[] TIMES = {1e-3, 1e-2, 0.3, 2, 5, 12};

    /** Class 0 uniform on [1, 3], class 1 on [−3, −1] ∪ [4, 4.5] (weight ∝ length). */
    private static final Mixture PAIR = Mixture.of(List.of(
            BoxComponent.interval(0, 0.5, 1, 3),
            BoxComponent.interval(1, 0.4, -3, -1),
            BoxComponent.interval(1, 0.1, 4, 4.5)));

    /** log Σ_k w_k p_{t,k}(x) over class cls (all if &lt; 0), each term from log tail probabilities (test side). */
    private static double referenceLogDensity(Mixture m, double alpha, double sigma2, double x, int cls) {
        double sd = Math.sqrt(sigma2);
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[m.componentCount()];
        for (int k = 0; k < terms.length; k++) {
            BoxComponent b = (BoxComponent) m.components().get(k);
            if (cls >= 0 && b.cls() != cls) {
                terms[k] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double a = b.lower()[0];
            double e = b.upper()[0];
            terms[k] = Math.log(b.weight()) + Normal.logIntervalMass((x - alpha * a) / sd, (x - alpha * e) / sd,
                    alpha * (e - a) / sd)
                    - Math.log(alpha * (e - a));
            max = Math.max(max, terms[k]);
        }
        double s = 0.0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        return max + Math.log(s);
    }

    @Test
    void scoresMatchNumericalDerivativesIncludingTheFarTails() {
        int checked = 0;
        for (double t : TIMES) {
            double alpha = Math.exp(-t);
            double sigma2 = -Math.expm1(-2 * t);
            double sd = Math.sqrt(sigma2);
            for (double edge : new double[] {-3, -1, 1, 3, 4, 4.5}) {
                for (double k : new double[] {-3000, -30, -3, -0.5, 0, 0.5, 3, 30, 3000}) {
                    double x = alpha * edge + k * sd;
                    double[] s = TestMixtures.evaluate(PAIR, 0, alpha, sigma2, new double[] {x});
                    for (int cls : new int[] {-1, 0}) {
                        int off = cls < 0 ? ScorePass.unconditional(1) : ScorePass.conditional(1);
                        DoubleUnaryOperator f = y -> referenceLogDensity(PAIR, alpha, sigma2, y, cls);
                        // the log-density varies on the scale σ/(1+|u|); 1e-3 of it for the step
                        double scale = sd / (1.0 + Math.abs(k));
                        double h = 1e-3 * scale;
                        double numeric = richardson(f, x, h);
                        double rounding = 1e-15 * Math.abs(f.applyAsDouble(x)) / h;
                        assertEquals(numeric, s[off], 1e-7 * (1 + Math.abs(numeric)) + rounding,
                                "score (class " + cls + ") at t=" + t + ", x=" + x);
                        checked++;
                    }
                    double logit = ScorePass.classLogit(s, 0, 1);
                    double refLogit = referenceLogDensity(PAIR, alpha, sigma2, x, 0)
                            - referenceLogDensity(PAIR, alpha, sigma2, x, 1);
                    assertEquals(refLogit, logit, 1e-9 * (1 + Math.abs(refLogit)), "class logit at t=" + t + ", x=" + x);
                }
            }
        }
        assertEquals(TIMES.length * 6 * 9 * 2, checked);
    }

    @Test
    void noInputGivesNanInfinityOrAWrongSign() {
        Mixture single = Mixture.of(List.of(BoxComponent.interval(0, 1.0, 1, 3)));
        for (double t : new double[] {1e-6, 1e-3, 0.1, 1, 5, 20, 40}) {
            double alpha = Math.exp(-t);
            double sigma2 = -Math.expm1(-2 * t);
            double centre = 2 * alpha;
            for (int e = -3; e <= 100; e++) {
                for (double sign : new double[] {-1, 1}) {
                    double x = sign * Math.pow(10, e);
                    double[] s = TestMixtures.evaluate(single, 0, alpha, sigma2, new double[] {x});
                    double score = s[ScorePass.unconditional(1)];
                    double logDensity = s[ScorePass.logAll(1)];
                    assertTrue(Double.isFinite(score) && Double.isFinite(logDensity),
                            "finite at t=" + t + ", x=" + x + ": " + score + ", " + logDensity);
                    // the noised uniform is log-concave and symmetric about αc: the score points to the centre
                    assertEquals(Math.signum(centre - x), Math.signum(score), "sign at t=" + t + ", x=" + x);
                }
            }
        }
    }

    @Test
    void dataLawIsTheIndicatorAndOffSupportPosteriorIsTheNearestClass() {
        double[] inside = TestMixtures.evaluate(PAIR, 0, 1.0, 0.0, new double[] {2.2});
        assertEquals(Math.log(0.5 / 2.0), inside[ScorePass.logAll(1)], 1e-15);
        assertTrue(ScorePass.classLogit(inside, 0, 1) > 1e100);
        assertTrue(ScorePass.classLogit(TestMixtures.evaluate(PAIR, 0, 1.0, 0.0, new double[] {-2.0}), 0, 1) < -1e100);
        // off every support: the t → 0 limit of p_t(0 | x) is 1 for the class whose support is nearest
        assertTrue(ScorePass.classLogit(TestMixtures.evaluate(PAIR, 0, 1.0, 0.0, new double[] {0.2}), 0, 1) > 1e100);
        assertTrue(ScorePass.classLogit(TestMixtures.evaluate(PAIR, 0, 1.0, 0.0, new double[] {3.6}), 0, 1) < -1e100);
        assertEquals(Math.log(0.5), PAIR.logDensity(1.0, 0.0, new double[] {1.5}, 0), 1e-15);
    }

    @Test
    void boxesAndGaussiansMixInTwoDimensions() {
        Mixture m = Mixture.of(List.of(
                new BoxComponent(0, 0.3, new double[] {1, 0}, new double[] {3, 1}),
                new BoxComponent(0, 0.2, new double[] {-1, 2}, new double[] {0, 4}),
                new GaussianComponent(1, 0.5, new double[] {-2, -1}, new double[][] {{1, 0.3}, {0.3, 0.5}})));
        double[][] points = {{0, 0}, {2, 0.5}, {-0.5, 3}, {5, -7}, {-40, 25}, {1, 1}};
        for (double t : new double[] {1e-3, 0.1, 1, 4}) {
            double alpha = Math.exp(-t);
            double sigma2 = -Math.expm1(-2 * t);
            for (double[] x : points) {
                double[] s = TestMixtures.evaluate(m, 0, alpha, sigma2, x);
                for (int j = 0; j < 2; j++) {
                    int coordinate = j;
                    DoubleUnaryOperator f = y -> {
                        double[] p = x.clone();
                        p[coordinate] = y;
                        return m.logDensity(alpha, sigma2, p, 0);
                    };
                    double h = 1e-4 * Math.sqrt(sigma2);
                    double numeric = richardson(f, x[j], h);
                    double rounding = 1e-15 * Math.abs(f.applyAsDouble(x[j])) / h;
                    assertEquals(numeric, s[ScorePass.conditional(2) + j], 1e-6 * (1 + Math.abs(numeric)) + rounding,
                            "conditional score_" + j + " at t=" + t + ", x=" + x[0] + "," + x[1]);
                }
                // p_t(x | 0) is the product of the per-coordinate interval densities, mixed over the two boxes
                double ref = Math.log(0.6 * Math.exp(boxLog(alpha, sigma2, x, new double[] {1, 0}, new double[] {3, 1}))
                        + 0.4 * Math.exp(boxLog(alpha, sigma2, x, new double[] {-1, 2}, new double[] {0, 4})));
                if (Double.isFinite(ref) && ref > -700) {
                    assertEquals(ref, m.logDensity(alpha, sigma2, x, 0), 1e-10 * (1 + Math.abs(ref)));
                }
            }
        }
    }

    private static double boxLog(double alpha, double sigma2, double[] x, double[] lo, double[] hi) {
        double sd = Math.sqrt(sigma2);
        double s = 0.0;
        for (int j = 0; j < x.length; j++) {
            s += Normal.logIntervalMass((x[j] - alpha * lo[j]) / sd, (x[j] - alpha * hi[j]) / sd,
                    alpha * (hi[j] - lo[j]) / sd)
                    - Math.log(alpha * (hi[j] - lo[j]));
        }
        return s;
    }

    private static double richardson(DoubleUnaryOperator f, double x, double h) {
        double d1 = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
        double d2 = (f.applyAsDouble(x + h / 2) - f.applyAsDouble(x - h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }
}
