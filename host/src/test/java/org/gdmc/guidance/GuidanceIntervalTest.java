package org.gdmc.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.gdmc.backend.CpuBackend;
import org.gdmc.backend.ParticleBatch;
import org.gdmc.backend.Pieces;
import org.gdmc.backend.SimulationSpec;
import org.gdmc.config.StudyConfig;
import org.gdmc.fields.ConfigException;
import org.gdmc.kernel.PathProgram;
import org.gdmc.process.ForwardProcess;
import org.gdmc.process.LinearSchedule;
import org.gdmc.sampler.GridSpacing;
import org.gdmc.sampler.ReverseSampler;
import org.gdmc.sampler.StepPlan;
import org.gdmc.sampler.TimeGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guidance interval's formula as the kernels read it (the strength table of a program at the grid's nodes), an
 * interval covering the whole path against a constant strength bit for bit, and its study-file section. The rest (every
 * path, the device, the 1-D exact law) runs it through the catalogue's example.
 */
class GuidanceIntervalTest {
    private static final ForwardProcess PROCESS = new ForwardProcess(new LinearSchedule(0.1, 2.0));
    private static final StepPlan PLAN = new StepPlan(ReverseSampler.byName("ddpm"), PROCESS,
            TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 80));

    private static PathProgram program(Guidance g) {
        return PathProgram.of(Pieces.targets().get(3).mixture(), 0, PLAN, List.of(g), ScoreError.NONE);
    }

    /** Inside the interval (closed in t; open below in σ_t/α_t) the table holds w, elsewhere the value outside. */
    @Test
    void theTableHoldsTheStrengthInsideTheIntervalAndTheOutsideValueElsewhere() {
        GuidanceInterval time = new GuidanceInterval(GuidanceInterval.Axis.TIME, 0.3, 1.7, 4.0, -0.5);
        GuidanceInterval noise = new GuidanceInterval(GuidanceInterval.Axis.NOISE, 0.28, 2.9, 4.0, -0.5);
        PathProgram a = program(new ClassifierFreeGuidance(time));
        PathProgram b = program(new ClassifierGuidance(noise));
        int inA = 0;
        int inB = 0;
        for (int i = 0; i <= PLAN.steps(); i++) {
            double t = PLAN.grid().time(i);
            double level = Math.sqrt(PROCESS.sigma2(t)) / PROCESS.alpha(t);
            double expectA = 0.3 <= t && t <= 1.7 ? 4.0 : -0.5;
            double expectB = 0.28 < level && level <= 2.9 ? 4.0 : -0.5;
            assertEquals(expectA, a.strength(0, i), "node " + i + " at t=" + t);
            assertEquals(expectB, b.strength(0, i), "node " + i + " at sigma/alpha=" + level);
            inA += expectA == 4.0 ? 1 : 0;
            inB += expectB == 4.0 ? 1 : 0;
        }
        assertTrue(inA > 5 && inA < PLAN.steps() - 5 && inB > 5 && inB < PLAN.steps() - 5,
                "both intervals hold some nodes and miss others: " + inA + ", " + inB);
        // the vector lanes read κ: w for classifier-free guidance, γ − 1 for classifier guidance
        for (int i = 0; i < PLAN.steps(); i++) {
            assertEquals(b.strength(0, i) - 1.0, b.equivalentWeights(0)[i], 0.0);
            assertEquals(a.strength(0, i), a.equivalentWeights(0)[i], 0.0);
        }
    }

    /**
     * An interval over [0, T] is a constant strength: the same paths bit for bit, on the vector lanes (a pair of
     * diagonal Gaussians) and on the scalar kernel (uniforms), in a sweep of both forms.
     */
    @Test
    void anIntervalOverTheWholePathIsTheConstantStrength() {
        GuidanceInterval all = new GuidanceInterval(GuidanceInterval.Axis.TIME, 0.0, 5.0, 1.0, 0.0);
        List<Guidance> constant = List.of(new ClassifierFreeGuidance(2.0), new ClassifierGuidance(3.0));
        List<Guidance> interval = List.of(new ClassifierFreeGuidance(all.scaledTo(2.0)),
                new ClassifierGuidance(all.scaledTo(3.0)));
        for (int t : new int[] {3, 1}) {
            Pieces.Target target = Pieces.targets().get(t);
            int d = target.mixture().dimension();
            ParticleBatch a = new ParticleBatch(2, d, 1500);
            ParticleBatch b = new ParticleBatch(2, d, 1500);
            a.reset(17, 1500);
            b.reset(17, 1500);
            try (CpuBackend cpu = new CpuBackend(0)) {
                cpu.simulate(new SimulationSpec(target.mixture(), 0, PLAN, constant, 9L), a);
                cpu.simulate(new SimulationSpec(target.mixture(), 0, PLAN, interval, 9L), b);
            }
            for (int g = 0; g < 2; g++) {
                assertArrayEquals(a.states(g), b.states(g), target.name() + ": states of " + constant.get(g));
                assertArrayEquals(a.observables(g), b.observables(g), target.name() + ": observables");
            }
        }
    }

    @Test
    void describesItself() {
        GuidanceInterval s = new GuidanceInterval(GuidanceInterval.Axis.TIME, 0.2, 1.0, 1.0, 0.0);
        assertEquals("cfg(w=4.0 for t in [0.2, 1.0], 0.0 outside)", new ClassifierFreeGuidance(s.scaledTo(4)).describe());
        GuidanceInterval n = new GuidanceInterval(GuidanceInterval.Axis.NOISE, 0.28, 5.42, 1.0, 1.0);
        assertEquals("classifier(gamma=3.0 for sigma in (0.28, 5.42], 1.0 outside)",
                new ClassifierGuidance(n.scaledTo(3)).describe());
        assertEquals(4.0, new ClassifierFreeGuidance(s.scaledTo(4)).strength());
    }

    private static final String STUDY = """
            target:
              components:
                - {class: 0, weight: 0.5, mean: [1.0]}
                - {class: 1, weight: 0.5, mean: [-1.0]}
            guidance: {w: [0, 2, 4], schedule: {type: interval, sigma: [0.28, 5.42]}}
            """;

    /** Every value of the sweep gets the same interval; outside defaults to the conditional score (w = 0, γ = 1). */
    @Test
    void theSectionReadsAnIntervalForEveryValueOfTheSweep() {
        StudyConfig c = StudyConfig.parse(STUDY, Map.of());
        assertEquals(3, c.guidances().size());
        for (int k = 0; k < 3; k++) {
            GuidanceInterval s = assertInstanceOf(GuidanceInterval.class, c.guidances().get(k).schedule());
            assertEquals(new GuidanceInterval(GuidanceInterval.Axis.NOISE, 0.28, 5.42, 2.0 * k, 0.0), s);
        }
        assertTrue(c.resolvedYaml().contains("outside: 0.0"), c.resolvedYaml());
        StudyConfig g = StudyConfig.parse(STUDY, Map.of("guidance", "{type: classifier, gamma: [1, 5], "
                + "schedule: {type: interval, t: [0.1, 1]}}"));
        assertEquals(new GuidanceInterval(GuidanceInterval.Axis.TIME, 0.1, 1.0, 5.0, 1.0),
                g.guidances().get(1).schedule());
        StudyConfig none = StudyConfig.parse(STUDY, Map.of("guidance.schedule", "{type: constant}"));
        assertInstanceOf(ConstantStrength.class, none.guidances().get(2).schedule());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "guidance.schedule.sigma|[5.42, 0.28]|guidance.schedule.sigma|high must exceed low",
            "guidance.schedule.sigma|[-1, 1]|guidance.schedule.sigma[0]|-1",
            "guidance.schedule.sigma|[1]|guidance.schedule.sigma|1 numbers",
            "guidance.schedule.sigma|[0, .nan]|guidance.schedule.sigma[1]|.nan",
            "guidance.schedule.t|[0, 1]|guidance.schedule|not both",
            "guidance.schedule|{type: interval}|guidance.schedule|needs t",
            "guidance.schedule.type|ramp|guidance.schedule.type|ramp",
            "guidance.schedule.outside|abc|guidance.schedule.outside|abc",
            "guidance.schedule.width|2|guidance.schedule.width|unknown field",
            "guidance.schedule|3|guidance.schedule|3",
    })
    void badIntervalsNameTheField(String path, String value, String field, String mention) {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(STUDY, Map.of(path, value)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    @Test
    void aConstantScheduleTakesNoFields() {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(STUDY,
                Map.of("guidance.schedule.type", "constant")));
        assertEquals("guidance.schedule.sigma", e.field(), e.getMessage());
    }
}
