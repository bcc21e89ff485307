package org.gdmc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

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
    })
    void badInputNamesTheField(String path, String value, String field, String mention) {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse(BASE, Map.of(path, value)));
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
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.parse("target: [unclosed", Map.of()));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
    }
}
