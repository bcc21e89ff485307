package org.gdmc.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeGridTest {
    @Test
    void uniformAndGeometricGrids() {
        TimeGrid u = TimeGrid.of(GridSpacing.UNIFORM, 5.0, 1e-3, 10);
        TimeGrid g = TimeGrid.of(GridSpacing.GEOMETRIC, 5.0, 1e-3, 10);
        for (TimeGrid grid : new TimeGrid[] {u, g}) {
            assertEquals(10, grid.steps());
            assertEquals(5.0, grid.time(0), 0.0);
            assertEquals(1e-3, grid.time(10), 0.0);
            for (int i = 0; i < 10; i++) {
                assertTrue(grid.time(i + 1) < grid.time(i));
            }
        }
        assertEquals(u.time(1) - u.time(2), u.time(5) - u.time(6), 1e-14);
        assertEquals(g.time(2) / g.time(1), g.time(6) / g.time(5), 1e-13);
    }

    @Test
    void rejectsBadGrids() {
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.of(GridSpacing.UNIFORM, 1.0, 1.0, 10));
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.of(GridSpacing.UNIFORM, 1.0, 0.0, 10));
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.of(GridSpacing.UNIFORM, 1.0, 0.1, 0));
    }
}
