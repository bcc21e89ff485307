package org.gdmc.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gdmc.study.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile's small multiples: one panel per guidance value, as PNG and as one well-formed SVG holding a nested
 * panel per value; none for a single value or a result without a profile.
 */
class ProfilePanelsTest {
    /** A result of rows at the weights, each with a 20-bin profile and the tilted law's. */
    private static ObjectNode result(double... weights) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.putObject("config").put("name", "panels");
        var rows = root.putArray("results");
        for (double w : weights) {
            ObjectNode row = rows.addObject();
            row.put("guidance", "cfg(w=" + w + ")");
            row.put("w", w);
            ObjectNode e = row.putObject("estimates");
            for (int j = 0; j < 20; j++) {
                double x = -2 + 0.2 * j + 0.1;
                e.putObject("profile[x=" + x + "]").put("value", Math.exp(-0.5 * (x - w) * (x - w)) / 2.5)
                        .put("stdError", 0.01);
                e.putObject("profile.tilted[x=" + x + "]").put("value", Math.exp(-0.5 * x * x) / 2.5)
                        .put("stdError", 0.0);
            }
        }
        return root;
    }

    @Test
    void onePanelPerGuidanceValue(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("r");
        try (ResultSet set = ResultSet.begin(prefix)) {
            assertEquals(2, ProfilePanels.draw(result(0.0, 0.5, 1.0, 2.0, 4.0), prefix, set).size());
            assertEquals(0, ProfilePanels.draw(result(1.0), dir.resolve("one"), set).size(), "one value: none");
            ObjectNode none = result(0.0, 1.0);
            ((ObjectNode) none.path("results").get(0).path("estimates")).removeAll();
            assertEquals(0, ProfilePanels.draw(none, dir.resolve("none"), set).size(), "no profile: none");
            set.commit();
        }
        var png = ImageIO.read(dir.resolve("r.profile-panels.png").toFile());
        assertEquals(4 * 420, png.getWidth(), "four columns");
        assertTrue(png.getHeight() > 2 * 300, "two lines of panels");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Files.newInputStream(dir.resolve("r.profile-panels.svg")));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(1 + 5, doc.getElementsByTagName("svg").getLength(), "a nested panel per value");
    }
}
