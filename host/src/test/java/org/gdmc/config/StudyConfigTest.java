package org.gdmc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.gdmc.fields.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudyConfigTest {
    private static final String BASE = """
            target:
              components:
                - {class: 0, weight: 0.5, mean: [1.0, 0.0]}
                - {class: 1, weight: 0.5, mean: [-1.0, 0.0], covariance: [[1.0, 0.2], [0.2, 2.0]]}
            guidance: {w: [0, 1, 4]}
            particles: 1000
            """;

    @Test
    void defaultsAndResolvedConfig() {
        StudyConfig c = StudyConfig.parse(BASE, Map.of());
        assertEquals(3, c.guidances().size());
        assertEquals(200, c.grid().steps());
        assertEquals("euler-maruyama", c.sampler().name());
        assertEquals(1000, c.particles());
        assertTrue(c.resolvedYaml().contains("delta: 0.001"));
        assertEquals(new org.gdmc.estimate.KnnOptions(4, 100_000), c.toStudySpec().knn());
        assertTrue(c.resolvedYaml().contains("knnSamples: 100000"));
        StudyConfig d = StudyConfig.defaultStudy(Map.of());
        assertEquals(1_000_000, d.particles());
        assertEquals(2, d.target().dimension());
    }

    @Test
    void overridesReachAnyField() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("sampler.steps", "50");
        o.put("sampler.grid", "geometric");
        o.put("target.components[0].weight", "0.3");
        o.put("target.components[1].weight", "0.7");
        o.put("guidance.w", "[2, 3]");
        o.put("particles", "1e6");
        StudyConfig c = StudyConfig.parse(BASE, o);
        assertEquals(50, c.grid().steps());
        assertEquals(0.3, c.target().classWeight(0), 1e-15);
        assertEquals(2, c.guidances().size());
        assertEquals(1_000_000, c.particles());
    }

    /** Each bad input names its field; the message carries the offending value. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "sampler.stpes|10|sampler.stpes|unknown field",
            "sampler.steps|abc|sampler.steps|abc",
            "sampler.steps|0|sampler.steps|0",
            "sampler.T|0.0005|sampler.T|5.0E-4",
            "sampler.delta|-1|sampler.delta|-1",
            "sampler.method|rk45|sampler.method|rk45",
            "target.components[0].variance|-1|target.components[0].variance|-1",
            "target.components[1].covariance|[[1, 2], [2, 1]]|target.components[1].covariance|positive definite",
            "target.components[1].covariance|[[1, 0.5], [0.1, 1]]|target.components[1].covariance|symmetric",
            "target.components[0].weight|0.7|target.components[*].weight|1.2",
            "target.components|[]|target.components|K = 0",
            "target.components[0].mean|[.nan, 0]|target.components[0].mean[0]|.nan",
            "target.components[0].weight|.inf|target.components[0].weight|.inf",
            "sampler.delta|-.inf|sampler.delta|-.inf",
            "guidance.w|[0, .nan]|guidance.w[1]|.nan",
            "process.beta|0|process.beta|0",
            "class|5|class|5",
            "particles|0|particles|0",
            "particles|1.5|particles|1.5",
            "threads|-2|threads|-2",
            "guidance.type|magic|guidance.type|magic",
            "scoreError.type|noise|scoreError.type|noise",
            "scoreError.epsilon|0.1|scoreError.epsilon|type none",
            "estimators.boundaryWidths|[0.1, 0]|estimators.boundaryWidths[1]|0",
            "estimators.distanceRange|[1, -1]|estimators.distanceRange|[1.0, -1.0]",
            "estimators.distanceBins|0|estimators.distanceBins|0",
            "estimators.knnNeighbours|0|estimators.knnNeighbours|0",
            "estimators.knnSamples|3|estimators.knnSamples|3",
            "estimators.knnSamples|-1|estimators.knnSamples|-1",
            "estimators.exactLaw|true|estimators.exactLaw|d=2",
            "estimators.exactLaw|yes please|estimators.exactLaw|true or false",
    })
    void badInputNamesTheField(String path, String value, String field, String mention) {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(BASE, Map.of(path, value)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    private static final String UNIFORM = """
            target:
              components:
                - {class: 0, weight: 0.5, intervals: [[2, 3], [0.5, 1]]}
                - {class: 1, weight: 0.5, box: [[-3, -1]]}
            scoreError: {type: bias, epsilon: 0.1}
            particles: 1000
            """;

    @Test
    void uniformComponentsAndScoreError() {
        StudyConfig c = StudyConfig.parse(UNIFORM, Map.of());
        assertEquals(3, c.target().componentCount());
        assertEquals(0.5 * 1.0 / 1.5, c.target().components().get(0).weight(), 1e-15, "weight ∝ length");
        assertTrue(c.target().hasCompactSupport(0));
        assertEquals(0.1, c.scoreError().epsilon(), 0.0);
        assertEquals(1.0, c.scoreError().direction()[0], 0.0);
        assertTrue(c.resolvedYaml().contains("box:"), c.resolvedYaml());
        assertTrue(c.resolvedYaml().contains("boundaryWidths:"), c.resolvedYaml());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "target.components[1].box|[[-1, -3]]|target.components[1].box[0]|[-1.0, -3.0]",
            "target.components[1].box|[[-3, -1, 0]]|target.components[1].box[0]|3 numbers",
            "target.components[0].intervals|[[0, 2], [1, 3]]|target.components[0].intervals|overlap",
            "target.components[1].mean|[0]|target.components[1].mean|Gaussian",
            "target.components[1].box|[[-3, -1], [0, 1]]|target.components[1].box|length 1",
            "scoreError.epsilon|-0.5|scoreError.epsilon|-0.5",
            "scoreError.scope|half|scoreError.scope|half",
            "scoreError.direction|[0]|scoreError.direction|[0.0]",
            "scoreError.type|relative|scoreError.direction|relative",
    })
    void badUniformOrScoreErrorInputNamesTheField(String path, String value, String field, String mention) {
        Map<String, String> o = new LinkedHashMap<>();
        if (path.equals("scoreError.type")) {
            o.put("scoreError.direction", "[1]");
        }
        o.put(path, value);
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(UNIFORM, o));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    @Test
    void jsonNanIsReportedWithItsField() {
        String json = """
                {"target": {"components": [{"class": 0, "weight": 1.0, "mean": [NaN]}]}}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(json, Map.of()));
        assertEquals("target.components[0].mean[0]", e.field());
    }

    @Test
    void yamlNanInAFileIsReportedWithItsField() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StudyConfig.parse(BASE.replace("mean: [1.0, 0.0]", "mean: [1.0, .nan]"), Map.of()));
        assertEquals("target.components[0].mean[1]", e.field());
    }

    @Test
    void malformedTextSaysWhere() {
        var e = assertThrows(org.gdmc.fields.InputFileException.class,
                () -> StudyConfig.parse("target: [unclosed", Map.of()));
        assertTrue(e.getMessage().contains("line 1, column 18") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
