package org.gdmc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.gdmc.backend.vector.DiagonalMixturePaths;
import org.gdmc.guidance.Guidance;
import org.gdmc.guidance.GuidanceSchedule;
import org.gdmc.guidance.GuidedScore;
import org.gdmc.guidance.ScoreError;
import org.gdmc.kernel.PathKernel;
import org.gdmc.mixture.MixtureLayout;
import org.gdmc.sampler.AffineStep;
import org.gdmc.sampler.HeunStep;
import org.gdmc.sampler.ReverseSampler;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of pieces is complete, so the contract tests that run its examples on every path cover everything a
 * study can compose (as EJML's reflection test pairs every concurrent routine with its reference and counts the pairs):
 * every concrete sampler, guidance form and schedule in the sealed hierarchies, every score error kind and every
 * component kind appears in an example, every path of the CPU backend is taken by one, and every code the pieces carry
 * is one the kernel dispatches.
 */
class PiecesTest {
    private static final List<Pieces.Example> EXAMPLES = Pieces.examples(4);

    /** The concrete classes of a sealed hierarchy. */
    private static Set<Class<?>> concrete(Class<?> root) {
        Set<Class<?>> out = new HashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(todo.size() - 1);
            if (c.isSealed()) {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            } else {
                assertTrue(!c.isInterface() && !Modifier.isAbstract(c.getModifiers()), c + " is sealed or concrete");
                out.add(c);
            }
        }
        return out;
    }

    private static Set<String> names(Set<Class<?>> classes) {
        Set<String> out = new TreeSet<>();
        classes.forEach(c -> out.add(c.getSimpleName()));
        return out;
    }

    @Test
    void everySamplerGuidanceAndScheduleHasAnExample() {
        Set<Class<?>> samplers = new HashSet<>();
        Set<Class<?>> forms = new HashSet<>();
        Set<Class<?>> schedules = new HashSet<>();
        for (Pieces.Example e : EXAMPLES) {
            samplers.add(e.spec().plan().sampler().getClass());
            for (Guidance g : e.spec().guidances()) {
                forms.add(g.getClass());
                schedules.add(g.schedule().getClass());
            }
        }
        assertEquals(names(concrete(ReverseSampler.class)), names(samplers), "samplers with an example");
        assertEquals(names(concrete(Guidance.class)), names(forms), "guidance forms with an example");
        assertEquals(names(concrete(GuidanceSchedule.class)), names(schedules), "guidance schedules with an example");
        Set<Class<?>> listed = new HashSet<>();
        for (ReverseSampler s : ReverseSampler.all()) {
            listed.add(s.getClass());
            assertEquals(s, ReverseSampler.byName(s.name()), "found by its name");
        }
        assertEquals(names(concrete(ReverseSampler.class)), names(listed), "ReverseSampler.all() lists every sampler");
    }

    @Test
    void everyScoreErrorAndComponentKindHasAnExample() {
        Set<Boolean> starts = new HashSet<>();
        for (Pieces.Example e : EXAMPLES) {
            starts.add(e.spec().plan().exactStart());
        }
        assertEquals(Set.of(false, true), starts, "both start laws have examples");
        Set<ScoreError.Kind> kinds = EnumSet.noneOf(ScoreError.Kind.class);
        Set<ScoreError.Scope> scopes = EnumSet.noneOf(ScoreError.Scope.class);
        Set<Integer> components = new TreeSet<>();
        for (Pieces.Example e : EXAMPLES) {
            kinds.add(e.spec().scoreError().kind());
            if (e.spec().scoreError().kind() != ScoreError.Kind.NONE) {
                scopes.add(e.spec().scoreError().scope());
            }
            int[] meta = e.spec().target().packedMeta();
            for (int k = 0; k < MixtureLayout.components(meta); k++) {
                components.add(MixtureLayout.kind(meta, k));
            }
        }
        assertEquals(EnumSet.allOf(ScoreError.Kind.class), kinds);
        assertEquals(EnumSet.allOf(ScoreError.Scope.class), scopes);
        assertEquals(Set.of(MixtureLayout.FULL, MixtureLayout.DIAGONAL, MixtureLayout.BOX), components);
    }

    /** The examples take each of the CPU backend's paths: the one-pass pair lanes, the general lanes, the scalar kernel. */
    @Test
    void everyPathOfTheCpuBackendIsTaken() {
        Set<String> paths = new TreeSet<>();
        for (Pieces.Example e : EXAMPLES) {
            DiagonalMixturePaths p = DiagonalMixturePaths.of(e.spec());
            paths.add(p == null ? "scalar" : p.hasPairStep() ? "pair lanes" : "general lanes");
        }
        assertEquals(Set.of("scalar", "pair lanes", "general lanes"), paths);
    }

    /**
     * Every integrator code a sampler carries belongs to a step the kernel dispatches by name, and every form code a
     * guidance carries is a form GuidedScore dispatches by name: a piece whose code the kernel does not know is refused
     * when its program is built, never run as another piece's maths.
     */
    @Test
    void everyCodeIsOneTheKernelDispatches() throws IOException, ReflectiveOperationException {
        String kernel = source("org/gdmc/kernel/PathKernel.java");
        Set<Integer> steps = new HashSet<>();
        List<Class<?>> stepClasses = integratorSteps();
        assertTrue(stepClasses.contains(AffineStep.class) && stepClasses.contains(HeunStep.class), "" + stepClasses);
        for (Class<?> step : stepClasses) {
            assertTrue(kernel.contains("integrator == " + step.getSimpleName() + ".CODE"), "PathKernel dispatches "
                    + step);
            int code = step.getField("CODE").getInt(null);
            assertTrue(steps.add(code), "integrator codes are distinct");
            assertTrue(PathKernel.dispatches(code), step + " is one PathKernel says it dispatches");
        }
        for (ReverseSampler s : ReverseSampler.all()) {
            assertTrue(steps.contains(s.kernel()), s.name() + "'s code " + s.kernel());
        }
        assertTrue(!PathKernel.dispatches(Collections.max(steps) + 1), "an unknown integrator is refused");
        String forms = source("org/gdmc/guidance/GuidedScore.java");
        Set<Integer> codes = new HashSet<>();
        for (Field f : GuidedScore.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                int code = f.getInt(null);
                assertTrue(codes.add(code), "form codes are distinct");
                assertTrue(forms.contains("form == " + f.getName() + ")"), "GuidedScore.combine dispatches " + f);
                assertTrue(GuidedScore.dispatches(code), f + " is one GuidedScore says it dispatches");
            }
        }
        assertTrue(!GuidedScore.dispatches(Collections.max(codes) + 1), "an unknown form is refused");
        for (Pieces.Example e : EXAMPLES) {
            for (Guidance g : e.spec().guidances()) {
                assertTrue(codes.contains(g.form()), g.describe() + "'s form code " + g.form());
            }
        }
    }

    /** The kernel's integrator steps: the sampler package's kernel classes that carry a CODE. */
    private static List<Class<?>> integratorSteps() throws IOException {
        List<Class<?>> out = new ArrayList<>();
        try (var files = Files.list(Path.of("src/main/java/org/gdmc/sampler"))) {
            for (Path f : files.sorted().toList()) {
                String s = Files.readString(f);
                if (s.contains("\n@KernelCode") && s.contains("public static final int CODE")) {
                    String name = f.getFileName().toString().replace(".java", "");
                    try {
                        out.add(Class.forName("org.gdmc.sampler." + name));
                    } catch (ClassNotFoundException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return out;
    }

    private static String source(String path) throws IOException {
        return Files.readString(Path.of("src/main/java").resolve(path));
    }
}
