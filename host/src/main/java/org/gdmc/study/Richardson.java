package org.gdmc.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.config.StudyConfig;
import org.gdmc.estimate.Estimate;
import org.gdmc.fields.ConfigException;

/**
 * Richardson extrapolation in the number of steps ({@code gdmc run --richardson}): the study at n steps and at n/2
 * (the coarse grid's nodes are every other node of the fine one, for uniform and geometric grids alike), the coarse
 * run on an independent noise stream ({@link #coarseSeed}), so that the two estimates are independent and the
 * standard errors below are exact rather than bounds.
 *
 * <p>A sampler of weak order p has E_n = E + c h^p + o(h^p) for a smooth test function; with r = 2^p,
 * <ul>
 *   <li>{@code NAME.richardson} = (r E_n − E_{n/2})/(r − 1), s.e. √(r² s_n² + s_{n/2}²)/(r − 1): the extrapolated
 *       value;</li>
 *   <li>{@code NAME.discretisationError} = (E_{n/2} − E_n)/(r − 1), s.e. √(s_n² + s_{n/2}²)/(r − 1): the estimated
 *       time-discretisation error of the n-step value E_n.</li>
 * </ul>
 * for every estimate that both runs give as finite numbers with finite standard errors and whose two values differ
 * (references that do not depend on the steps, and noise floors, are left out). Each carries the fine estimate's
 * reliability flag when that one is not to be trusted.
 */
public final class Richardson {
    private Richardson() {
    }

    /** The seed of the coarse run: the fine seed mixed with the golden-ratio constant, a disjoint Philox key. */
    public static long coarseSeed(long seed) {
        return seed ^ 0x9E3779B97F4A7C15L;
    }

    /** The coarse study of a fine one: n/2 steps and {@link #coarseSeed}; n must be even. */
    public static StudyConfig coarse(StudyConfig fine) {
        int n = fine.grid().steps();
        if (n < 2 || n % 2 != 0) {
            throw new ConfigException("sampler.steps", "--richardson halves the steps, so they must be even and at "
                    + "least 2; got " + n);
        }
        ObjectNode tree = fine.resolved();
        return StudyConfig.of(tree, Map.of("sampler.steps", Integer.toString(n / 2), "seed",
                Long.toString(coarseSeed(fine.seed()))));
    }

    /** The fine result with the extrapolated values and error estimates appended to each guidance's estimates. */
    public static StudyResult combine(StudyResult fine, StudyResult coarse, int order) {
        double r = Math.pow(2.0, order);
        List<GuidanceResult> rows = new ArrayList<>();
        for (int g = 0; g < fine.results().size(); g++) {
            GuidanceResult f = fine.results().get(g);
            GuidanceResult c = coarse.results().get(g);
            List<Estimate> all = new ArrayList<>(f.estimates());
            for (Estimate e : f.estimates()) {
                Estimate k = c.find(e.name());
                if (k == null || !e.finite() || !k.finite() || e.value() == k.value()
                        || e.name().endsWith("NoiseFloor")) {
                    continue;
                }
                var flag = e.unreliable() ? e.reliability() : null;
                all.add(new Estimate(e.name() + ".richardson", (r * e.value() - k.value()) / (r - 1),
                        Math.hypot(r * e.stdError(), k.stdError()) / (r - 1), e.count() + k.count(), "", flag));
                all.add(new Estimate(e.name() + ".discretisationError", (k.value() - e.value()) / (r - 1),
                        Math.hypot(e.stdError(), k.stdError()) / (r - 1), e.count() + k.count(), "", flag));
            }
            rows.add(new GuidanceResult(f.guidance(), f.strength(), f.equivalentWeight(), all));
        }
        return new StudyResult(rows, fine.particleSteps() + coarse.particleSteps(),
                fine.wallSeconds() + coarse.wallSeconds(), fine.backend(), fine.device(), fine.estimators(),
                fine.sums());
    }
}
