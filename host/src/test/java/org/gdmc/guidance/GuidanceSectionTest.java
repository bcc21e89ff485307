package org.gdmc.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.gdmc.config.StudyConfig;
import org.gdmc.fields.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The study file's guidance schedules and variants: each type is read with its parameters and written to the resolved
 * configuration, and each bad value is refused with its field named, before anything is sampled.
 */
class GuidanceSectionTest {
    private static final String TARGET = "target: {type: mixture, components: [{class: 0, weight: 0.5, mean: [1, 0]},"
            + " {class: 1, weight: 0.5, mean: [-1, 0]}]}\n";
    private static final String SAMPLER = "sampler: {method: ddpm, steps: 50, T: 5, delta: 0.001}\n";

    private static StudyConfig parse(String guidance) {
        return StudyConfig.parse(TARGET + SAMPLER + "guidance: " + guidance + "\n", Map.of());
    }

    private static void refused(String guidance, String field, String says) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(guidance), guidance);
        assertEquals(field, e.field(), guidance + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void everyVariantIsReadWithItsParameters() {
        assertEquals(new PowerLawGuidance(new ConstantStrength(2.0), 0.9),
                parse("{type: power-law, w: [2], exponent: 0.9}").guidances().get(0));
        assertEquals(new RescaledGuidance(new ConstantStrength(3.0), 0.7),
                parse("{type: rescaled, w: [3]}").guidances().get(0), "phi defaults to Lin et al.'s 0.7");
        assertEquals(new ProjectedGuidance(new ConstantStrength(4.0), 0.0, 2.5, -0.5),
                parse("{type: apg, w: [4], threshold: 2.5, momentum: -0.5}").guidances().get(0));
        assertEquals(new CfgPlusPlus(new ConstantStrength(0.6)), parse("{type: cfg++, lambda: [0.6]}")
                .guidances().get(0));
        Guidance auto = parse("{type: autoguidance, w: [1], weak: {type: smoothed, epsilon: 0.2}}").guidances().get(0);
        assertInstanceOf(AutoGuidance.class, auto);
        assertEquals(ScoreError.Kind.SMOOTHED, ((AutoGuidance) auto).weak().kind());
        StudyConfig c = parse("{type: apg, w: [1, 4], eta: 0.5}");
        assertEquals(2, c.guidances().size());
        assertEquals(0.5, c.resolved().at("/guidance/eta").asDouble());
    }

    @Test
    void everyScheduleIsRead() {
        Guidance k = parse("{w: [2], schedule: {type: knots, t: [0.001, 1, 5], values: [1, -0.5, 0]}}").guidances()
                .get(0);
        StrengthKnots knots = assertInstanceOf(StrengthKnots.class, k.schedule());
        assertEquals(2.0, knots.scale());
        assertEquals(-1.0, knots.at(1.0, null), 0.0, "w times the knot's value");
        assertEquals(2 * (-0.5 + 0.25 * 0.5), knots.at(2.0, null), 1e-15, "linear between knots (a quarter of the way)");
        Guidance l = parse("{w: [2], schedule: {type: linear}}").guidances().get(0);
        StrengthShape shape = assertInstanceOf(StrengthShape.class, l.schedule());
        assertEquals(0.0, shape.at(5.0, null), 0.0, "starts at from = 0");
        assertEquals(4.0, shape.at(0.001, null), 0.0, "ends at to = 2, times w");
        Guidance cos = parse("{w: [1], schedule: {type: cosine, from: 2, to: 0}}").guidances().get(0);
        assertEquals(1.0, cos.schedule().at((5.0 + 0.001) / 2, null), 1e-15, "halfway down");
        StudyConfig sigma = parse("{w: [3], schedule: {type: knots, sigma: [0.1, 1, 10], values: [0, 1, 0]}}");
        assertEquals(3.0, sigma.guidances().get(0).schedule().at(Math.log(Math.sqrt(2)), sigma.process()), 1e-12,
                "sigma_t/alpha_t = 1 at e^(2t) = 2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{schedule: {type: knots, t: [0.0001, 1], values: [1, 1]}}|guidance.schedule.t[0]|must lie on the sampled path",
        "{schedule: {type: knots, t: [0.1, 6], values: [1, 1]}}|guidance.schedule.t[1]|must lie on the sampled path",
        "{schedule: {type: knots, t: [1, 0.5], values: [1, 1]}}|guidance.schedule.t[1]|increase strictly",
        "{schedule: {type: knots, t: [0.5, 0.5], values: [1, 1]}}|guidance.schedule.t[1]|increase strictly",
        "{schedule: {type: knots, t: [0.5, 1], values: [1, .nan]}}|guidance.schedule.values[1]|finite",
        "{schedule: {type: knots, t: [0.5, 1], values: [1]}}|guidance.schedule.values|one value per knot",
        "{schedule: {type: knots, t: [0.5, 1]}}|guidance.schedule.values|missing",
        "{schedule: {type: knots, t: [0.5], values: [1]}}|guidance.schedule.t|at least two",
        "{schedule: {type: knots, sigma: [0.001, 1], values: [1, 1]}}|guidance.schedule.sigma[0]|sampled path",
        "{schedule: {type: interval, t: [2, 1]}}|guidance.schedule.t|high must exceed low",
        "{schedule: {type: linear, from: .nan}}|guidance.schedule.from|finite",
        "{schedule: {type: cosine, t: [1, 2]}}|guidance.schedule.t|does not apply",
        "{schedule: {type: ramp}}|guidance.schedule.type|expected constant, interval, knots, linear or cosine",
        "{type: apg, threshold: -1}|guidance.threshold|must be >= 0",
        "{type: apg, momentum: 1}|guidance.momentum|(-1, 1)",
        "{type: apg, eta: .nan}|guidance.eta|finite",
        "{type: power-law}|guidance.exponent|needs its exponent",
        "{type: power-law, exponent: -0.5}|guidance.exponent|must be >= 0",
        "{type: rescaled, rescale: 1.5}|guidance.rescale|[0, 1]",
        "{type: autoguidance, w: [1]}|guidance.weak|needs its weak model",
        "{type: autoguidance, weak: {type: none}}|guidance.weak|must differ",
        "{type: autoguidance, weak: {type: bias, epsilon: 0}}|guidance.weak|must differ",
        "{type: autoguidance, weak: {type: bias, epsilon: 0.1, scope: both}}|guidance.weak.scope|unknown field",
        "{type: cfg++, w: [1]}|guidance.w|give lambda",
        "{type: cfg++, lambda: [-0.5]}|guidance.lambda[0]|must be >= 0",
        "{type: classifier-free, exponent: 1}|guidance.exponent|belongs to guidance type power-law",
        "{type: warp}|guidance.type|expected classifier-free, classifier, cfg++",
    })
    void badValuesAreRefusedByField(String guidance, String field, String says) {
        refused(guidance, field, says);
    }

    @Test
    void aVariantOutsideItsSamplersOrDimensionIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(TARGET
                + "sampler: {method: euler-maruyama}\nguidance: {type: cfg++, lambda: [0.5]}\n", Map.of()));
        assertEquals("guidance.type", e.field());
        assertTrue(e.getMessage().contains("ddim and ddpm") && e.getMessage().contains("euler-maruyama"),
                e.getMessage());
        ConfigException one = assertThrows(ConfigException.class, () -> StudyConfig.parse("target: {type: mixture, "
                + "components: [{class: 0, weight: 1, mean: [1]}]}\nguidance: {type: rescaled, w: [1]}\n", Map.of()));
        assertEquals("guidance.type", one.field());
        assertTrue(one.getMessage().contains("d >= 2"), one.getMessage());
        ConfigException exact = assertThrows(ConfigException.class, () -> StudyConfig.parse("target: {type: mixture, "
                + "components: [{class: 0, weight: 0.5, mean: [1]}, {class: 1, weight: 0.5, mean: [-1]}]}\n" + SAMPLER
                + "guidance: {type: cfg++, lambda: [0.5]}\nestimators: {exactLaw: true}\n", Map.of()));
        assertEquals("estimators.exactLaw", exact.field());
        assertTrue(exact.getMessage().contains("no continuous-time limit")
                || exact.getMessage().contains("has none"), exact.getMessage());
        for (String g : List.of("{type: cfg++, lambda: [0.5]}")) {
            assertEquals(1, StudyConfig.parse(TARGET + "sampler: {method: ddim}\nguidance: " + g + "\n", Map.of())
                    .guidances().size(), "CFG++ on DDIM");
        }
    }

    /** A list of sections: several families in one sweep, each refused by its own index. */
    @Test
    void aListPutsSeveralFamiliesInOneSweep() {
        StudyConfig c = parse("[{w: [0, 2]}, {type: apg, w: [2], threshold: 1}, {type: cfg++, lambda: [0.5]}]");
        assertEquals(4, c.guidances().size());
        assertInstanceOf(ClassifierFreeGuidance.class, c.guidances().get(1));
        assertInstanceOf(ProjectedGuidance.class, c.guidances().get(2));
        assertInstanceOf(CfgPlusPlus.class, c.guidances().get(3));
        assertEquals("apg", c.resolved().at("/guidance/1/type").asText());
        refused("[{w: [1]}, {type: apg, threshold: -2}]", "guidance[1].threshold", "must be >= 0");
        refused("[{w: [1]}, {schedule: {type: knots, t: [9, 10], values: [1, 1]}}]", "guidance[1].schedule.t[0]",
                "sampled path");
        refused("[{w: [1]}, {w: [1], unconditional: {components: [{weight: 1, mean: [0, 0]}]}}]",
                "guidance[1].unconditional", "guidance[0]");
        refused("[]", "guidance", "empty list");
        StudyConfig u = parse("[{w: [1], unconditional: {components: [{weight: 1, mean: [0, 0], variance: 4}]}},"
                + " {type: power-law, w: [1], exponent: 0.5}]");
        assertTrue(u.target().unconditional() != null, "guidance[0]'s unconditional model serves every family");
    }
}
