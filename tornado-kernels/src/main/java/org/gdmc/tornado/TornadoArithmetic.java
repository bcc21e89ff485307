package org.gdmc.tornado;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TornadoVM options that change a kernel's arithmetic, set the way gdmc's results need them and recorded with
 * every batch (in the device string a result's provenance keeps).
 *
 * <ul>
 *   <li>fast-maths, maths-optimisation and native-function rewrites are off: {@code native_sqrt}/{@code native_cos}
 *       limit even doubles to about 5e−7, and fast maths licenses reassociation;</li>
 *   <li>the OpenCL build flags are {@value #OPENCL_FLAGS}: TornadoVM's default {@code -cl-fast-relaxed-math} implies
 *       finite maths, under which the device compiler folds every NaN and infinity test away, so diverged particles
 *       would be averaged into the estimates instead of counted;</li>
 *   <li>fused multiply-adds ({@code tornado.enable.fma}) stay as the user sets them (TornadoVM's default: on); they
 *       change a result in its last bits only.</li>
 * </ul>
 * A user setting that breaks the first two is refused before any kernel is compiled. Independently of these, the
 * float64 kernels compute exp, log, sin and cos with gdmc's own routines ({@code KernelMath}), so no backend's maths
 * library decides a float64 result; the float32 kernels use the backend's float functions.
 */
final class TornadoArithmetic {
    /** The OpenCL build options gdmc's kernels need. */
    static final String OPENCL_FLAGS = "-w";
    private static final String OPENCL = "tornado.opencl.compiler.flags";
    private static final String SKETCHER = "tornado.sketcher.threads";
    private static final String SKETCHER_THREADS = "64";
    private static final String INLINE_LIMIT = "jdk.graal.MethodInlineBailoutLimit";
    /** TornadoVM's cap on the device memory it hands out (default 4 GB), and what gdmc raises it to when unset. */
    static final String DEVICE_MEMORY = "tornado.device.memory";
    private static final String DEVICE_MEMORY_UNSET = "1024GB";
    /** Options that must be off, and why. */
    private static final Map<String, String> OFF = Map.of(
            "tornado.enable.fastMathOptimizations", "fast maths reassociates and assumes finite values",
            "tornado.enable.mathOptimizations", "maths optimisations rewrite functions into faster, less exact ones",
            "tornado.enable.nativeFunctions", "native functions compute even doubles to about 5e-7");
    /** Options recorded as they are. */
    private static final List<String> RECORDED = List.of("tornado.enable.fma", "tornado.ptx.compiler.flags");

    private TornadoArithmetic() {
    }

    /**
     * Sets every option gdmc needs that the user left unset (before TornadoVM's options are first read), and refuses
     * a user setting that breaks one.
     */
    static void apply() {
        for (Map.Entry<String, String> e : OFF.entrySet()) {
            String v = System.getProperty(e.getKey());
            if (v == null) {
                System.setProperty(e.getKey(), "False");
            } else if (!v.equalsIgnoreCase("false")) {
                throw new IllegalStateException("-D" + e.getKey() + "=" + v + ": " + e.getValue() + "; gdmc's "
                        + "results need it off (-D" + e.getKey() + "=False)");
            }
        }
        // not arithmetic, but needed before TornadoVM's runtime starts too: its sketcher waits for each callee's sketch
        // in the same fixed pool, so a call graph deeper than the pool deadlocks (the path and reduction kernels are
        // seven calls deep; TornadoVM's default pool has 4 threads)
        if (System.getProperty(SKETCHER) == null) {
            System.setProperty(SKETCHER, SKETCHER_THREADS);
        }
        // nor this, which must be on the command line (Graal reads it at start-up): with Graal's default of 1000
        // inlining steps the float64 kernels are left partly uninlined, and TornadoVM then emits OpenCL functions in an
        // order that may call one before it is declared
        String inline = System.getProperty(INLINE_LIMIT);
        if (inline == null || !inline.matches("\\d+") || Long.parseLong(inline) < 100_000) {
            throw new IllegalStateException("the JVM needs -D" + INLINE_LIMIT + "=100000 (or more) on its command line "
                    + "(got " + inline + "): launch gdmc through bin/gdmc, or pass the flags of bin/lib/tornado.sh");
        }
        // nor this: TornadoVM refuses buffers beyond its own 4 GB budget whatever the card holds; raised above any card,
        // so the batch gdmc sizes from the device's real memory (TornadoBackend.batchSize) is the bound; a user's
        // setting is kept and bounds the batch too
        if (System.getProperty(DEVICE_MEMORY) == null) {
            System.setProperty(DEVICE_MEMORY, DEVICE_MEMORY_UNSET);
        }
        String flags = System.getProperty(OPENCL);
        if (flags == null) {
            System.setProperty(OPENCL, OPENCL_FLAGS);
        } else if (flags.contains("fast-relaxed-math") || flags.contains("finite-math-only")) {
            throw new IllegalStateException("-D" + OPENCL + "=\"" + flags + "\" assumes finite maths: gdmc could not "
                    + "detect diverged (NaN or infinite) particles on the device; use -D" + OPENCL + "=" + OPENCL_FLAGS);
        }
    }

    /** The arithmetic a kernel in this precision runs with, and every option that affects it. */
    static String describe(boolean float32) {
        List<String> parts = new ArrayList<>();
        parts.add(float32 ? "the backend's float exp/log/sin/cos" : "gdmc's double exp/log/sin/cos");
        for (String key : OFF.keySet().stream().sorted().toList()) {
            parts.add(key.substring("tornado.".length()) + "=" + System.getProperty(key, "unset"));
        }
        parts.add("opencl.compiler.flags=\"" + System.getProperty(OPENCL, "unset") + "\"");
        parts.add("device.memory=" + System.getProperty(DEVICE_MEMORY, "default"));
        for (String key : RECORDED) {
            parts.add(key.substring("tornado.".length()) + "=" + System.getProperty(key, "default"));
        }
        return String.join(", ", parts);
    }
}
