package org.gdmc.kernels;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.gdmc.kernel.KernelCode;
import org.junit.jupiter.api.Test;

/**
 * Every {@code @KernelCode} class keeps to the subset TornadoVM compiles correctly (docs/tornadovm-traps.md), checked
 * without a device: static methods and constants only, no allocation but small fixed-size primitive arrays, no
 * exceptions, lambdas or type tests, and none of the constructs the device compilers mistranslate. A new piece that
 * breaks the subset fails here, before a device ever runs it.
 */
class KernelSubsetTest {
    /** Code (not comments) that must not appear in kernel code, with the reason. */
    private static final Map<String, String> FORBIDDEN = new TreeMap<>(Map.ofEntries(
            Map.entry(">>>", "emitted as an arithmetic shift on OpenCL: use (x >> k) & mask"),
            Map.entry("Math.expm1", "fdlibm bit manipulation the device compiler cannot translate"),
            Map.entry("Math.fma", "throws an inlining exception that escapes bailout recovery"),
            Map.entry("Math.multiplyHigh", "not lowered on PTX or OpenCL"),
            Map.entry("BitsToFloat", "bit casts fail to compile"),
            Map.entry("ToRawIntBits", "bit casts fail to compile"),
            Map.entry("BitsToDouble", "bit casts fail to compile"),
            Map.entry("ToRawLongBits", "bit casts fail to compile"),
            Map.entry("throw ", "no exceptions in kernels"),
            Map.entry("try ", "no exceptions in kernels"),
            Map.entry("instanceof", "no objects in kernels"),
            Map.entry("->", "no lambdas or switch arrows in kernels"),
            Map.entry("synchronized", "no locks in kernels")));
    /** Allocation allowed: a small private primitive array of constant size. */
    private static final Pattern SMALL_ARRAY = Pattern.compile("new (double|float|int|long)\\[[A-Z_0-9]+\\]");

    private static Map<String, String> kernelClasses() throws IOException {
        return KernelSources.KernelClasses.scan(KernelSources.hostSources(Path.of("").toAbsolutePath())).all();
    }

    @Test
    void kernelClassesHoldOnlyStaticMethodsAndConstants() throws Exception {
        Map<String, String> classes = kernelClasses();
        assertTrue(classes.size() >= 13, "found the kernel classes: " + classes.keySet());
        for (Map.Entry<String, String> e : classes.entrySet()) {
            Class<?> c = Class.forName(e.getValue().replace(".java", "").replace('/', '.'));
            assertNotNull(c.getAnnotation(KernelCode.class), c + " carries @KernelCode at run time");
            assertTrue(Modifier.isFinal(c.getModifiers()), c + " is final");
            for (Method m : c.getDeclaredMethods()) {
                assertTrue(m.isSynthetic() || Modifier.isStatic(m.getModifiers()), m + " is static");
            }
            for (Field f : c.getDeclaredFields()) {
                assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()),
                        f + " is a constant");
                assertTrue(f.getType().isPrimitive(), f + " is a primitive constant");
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                assertTrue(Modifier.isPrivate(k.getModifiers()), k + " is private: no instances");
            }
        }
    }

    @Test
    void kernelSourcesAvoidWhatTheDeviceCompilersGetWrong() throws IOException {
        Path sources = KernelSources.hostSources(Path.of("").toAbsolutePath());
        for (Map.Entry<String, String> e : kernelClasses().entrySet()) {
            List<String> lines = Files.readAllLines(sources.resolve(e.getValue()));
            for (int i = 0; i < lines.size(); i++) {
                String code = code(lines.get(i));
                String at = e.getValue() + ":" + (i + 1) + ": " + lines.get(i).strip();
                for (Map.Entry<String, String> f : FORBIDDEN.entrySet()) {
                    assertTrue(!code.contains(f.getKey()), at + ": " + f.getKey() + " (" + f.getValue() + ")");
                }
                String rest = SMALL_ARRAY.matcher(code).replaceAll("");
                assertTrue(!rest.matches(".*\\bnew\\b.*"), at + ": allocation in kernel code");
            }
        }
    }

    /** The code part of a line: comments and string literals removed. */
    private static String code(String line) {
        String t = line.strip();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || t.startsWith("import ")
                || t.startsWith("@")) {
            return "";
        }
        String s = line.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\"");
        int comment = s.indexOf("//");
        return comment < 0 ? s : s.substring(0, comment);
    }
}
