package org.gdmc.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates the kernels' other precisions and platforms from the host's float64 per-particle code, so the maths is
 * written once. The classes it copies are found, not listed: every host class marked {@code @KernelCode}, so a new
 * kernel piece gets its copies by carrying the annotation. Three targets:
 * <ul>
 *   <li>the CPU's float32 path ({@code org.gdmc.backend.f32}, classes XF32) and the device's float32 kernels
 *       ({@code org.gdmc.tornado.f32}, XF32), for every class without {@code float32 = false}: {@code double} becomes
 *       {@code float}, floating literals gain an {@code f}, Math's exp/log/sqrt/cos/sin and π become the target's float
 *       versions ({@code FloatMath}, {@code TornadoMath}); float-specific constants are replaced by name (the box σ²
 *       floor 1e-280 underflows a float; 1e-30 keeps u² = x²/σ² finite for |x| ≤ 1e3);</li>
 *   <li>the device's float64 kernels ({@code org.gdmc.tornado.f64}, XF64), for every class without
 *       {@code float64 = false}: the same doubles, with {@code Math.exp/log/sin/cos} replaced by gdmc's own
 *       {@code KernelMath} (outside constant initialisers, which the host evaluates), so no backend's maths library
 *       (PTX lowers double transcendentals to single-precision approximations) decides a float64 result.</li>
 * </ul>
 * In a copy each copied class X becomes its target's name; kernel classes without a copy (Philox, packed-array
 * offsets, KernelMath) and the host classes the code reads constants from are imported as they are. Run {@link #main}
 * to rewrite the committed sources ({@code bin/kernel-sources} does); {@code KernelSourcesTest} fails when they drift.
 */
public final class KernelSources {
    private static final Pattern KERNEL_CODE = Pattern.compile(
            "^@KernelCode(?:\\(([^)]*)\\))?\\s*\\npublic final class (\\w+)", Pattern.MULTILINE);
    private static final Pattern LITERAL = Pattern.compile(
            "(?<![\\w.])(0[xX][0-9a-fA-F]*\\.?[0-9a-fA-F]*[pP][+-]?\\d+|\\d+\\.\\d*(?:[eE][+-]?\\d+)?|\\d+[eE][+-]?\\d+|\\.\\d+(?:[eE][+-]?\\d+)?)(?![\\w.])");
    /** Where the CPU's copies live, skipped when looking for kernel code. */
    private static final String CPU_COPIES = "org/gdmc/backend/f32/";

    /**
     * Where a target's classes go and what they call for the maths functions.
     *
     * @param pkg        package of the generated classes
     * @param dir        source root, relative to the host module's directory
     * @param suffix     the generated class names' suffix
     * @param float32    whether the copy is float arithmetic (else double, with gdmc's own maths)
     * @param math       class holding exp, log, sqrt, cos and sin in the target's precision (float32 only)
     * @param mathImport its import, or null when it shares the package
     * @param pi         the target's expression for π as a float (float32 only)
     */
    record Target(String pkg, String dir, String suffix, boolean float32, String math, String mathImport, String pi) {
        /** The device's float32 kernels, in tornado-kernels. */
        static final Target DEVICE = new Target("org.gdmc.tornado.f32", "../tornado-kernels/src/main/java", "F32",
                true, "TornadoMath", "uk.ac.manchester.tornado.api.math.TornadoMath", "TornadoMath.floatPI()");
        /** The CPU backend's float32 path, in host. */
        static final Target CPU = new Target("org.gdmc.backend.f32", "src/main/java", "F32", true, "FloatMath", null,
                "FloatMath.PI");
        /** The device's float64 kernels, in tornado-kernels. */
        static final Target DEVICE_F64 = new Target("org.gdmc.tornado.f64", "../tornado-kernels/src/main/java", "F64",
                false, "KernelMath", "org.gdmc.kernel.KernelMath", null);
        static final List<Target> ALL = List.of(DEVICE, CPU, DEVICE_F64);
    }

    /**
     * The host's kernel code: each marked class's source path (relative to the source root) by class name, with the
     * copies its annotation asks for.
     */
    record KernelClasses(Map<String, String> all, Map<String, String> float32, Map<String, String> float64) {
        /** Finds every {@code @KernelCode} class under the source root. */
        static KernelClasses scan(Path sources) throws IOException {
            Map<String, String> all = new TreeMap<>();
            Map<String, String> f32 = new TreeMap<>();
            Map<String, String> f64 = new TreeMap<>();
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String rel = sources.relativize(f).toString().replace('\\', '/');
                    if (rel.startsWith(CPU_COPIES)) {
                        continue;
                    }
                    Matcher m = KERNEL_CODE.matcher(Files.readString(f));
                    if (m.find()) {
                        String args = m.group(1) == null ? "" : m.group(1).replace(" ", "");
                        all.put(m.group(2), rel);
                        if (!args.contains("float32=false")) {
                            f32.put(m.group(2), rel);
                        }
                        if (!args.contains("float64=false")) {
                            f64.put(m.group(2), rel);
                        }
                    }
                }
            }
            return new KernelClasses(all, f32, f64);
        }

        /** The classes copied to a target. */
        Map<String, String> copiedTo(Target target) {
            return target.float32() ? float32 : float64;
        }
    }

    private KernelSources() {
    }

    static String generate(String source, String path, Target target, KernelClasses kernels, Path sources) {
        String pkg = path.substring(0, path.lastIndexOf('/')).replace('/', '.');
        Map<String, String> copied = kernels.copiedTo(target);
        String s = source;
        s = s.replaceFirst("package org\\.gdmc\\.[a-z]+;",
                "// GENERATED by KernelSources from the host's float64 source: do not edit; rerun bin/kernel-sources.\n"
                        + "package " + target.pkg() + ";\n\n@@IMPORTS@@");
        s = s.replaceAll("import org\\.gdmc\\.kernel\\.KernelCode;\\n", "");
        s = s.replaceAll("\\n@KernelCode(\\([^)]*\\))?\\n", "\n");
        for (String name : copied.keySet()) {
            s = s.replaceAll("\\bimport org\\.gdmc\\.[a-z]+\\." + name + ";\\n", "");
            s = s.replaceAll("\\b" + name + "\\b", name + target.suffix());
        }
        if (target.float32()) {
            s = float32(s, target);
        } else {
            s = ownMaths(s);
        }
        // the source's own package's classes that the copy still uses, now seen from another package; then the
        // target's maths class
        List<String> imports = new ArrayList<>();
        for (String name : samePackageClasses(sources, path)) {
            if (!copied.containsKey(name) && usedInCode(s, name)) {
                imports.add("import " + pkg + "." + name + ";");
            }
        }
        if (target.mathImport() != null && usedInCode(s, target.math())
                && !s.contains("import " + target.mathImport() + ";")) {
            imports.add("import " + target.mathImport() + ";");
        }
        s = imports.isEmpty() ? s.replace("\n\n@@IMPORTS@@", "") : s.replace("@@IMPORTS@@", String.join("\n", imports));
        return s.replaceAll("\n{3,}", "\n\n");
    }

    /** The float32 rewrite: float arithmetic and the target's float functions. */
    private static String float32(String source, Target target) {
        String s = source;
        s = s.replace("public static final double BOX_SIGMA2_FLOOR = 1e-280;",
                "public static final double BOX_SIGMA2_FLOOR = 1e-30;");
        s = s.replace("{@value #BOX_SIGMA2_FLOOR}", "1e-30");
        s = s.replaceAll("\\bdouble\\b", "float");
        s = s.replaceAll("\\bDouble\\.", "Float.");
        s = s.replaceAll("\\bMath\\.(exp|log|sqrt|cos|sin)\\(", target.math() + ".$1(");
        s = s.replace("Math.PI", target.pi());
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            out.append(floatLiterals(line)).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** The float64 device rewrite: gdmc's own exp, log, sin and cos in the code (constants keep the host's). */
    private static String ownMaths(String source) {
        StringBuilder out = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String t = line.strip();
            boolean code = !(t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || line.contains("static final"));
            out.append(code ? line.replaceAll("(?<![\\w.])Math\\.(exp|log|cos|sin)\\(", "KernelMath.$1(") : line)
                    .append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** The classes of the source file's own package (the other .java files beside it). */
    private static List<String> samePackageClasses(Path sources, String path) {
        Path dir = sources.resolve(path).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).filter(n -> !n.equals("package-info"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether code (not a comment) names the class as {@code Name.}. */
    private static boolean usedInCode(String source, String name) {
        Pattern use = Pattern.compile("(?<![\\w.#])" + name + "\\.");
        for (String line : source.split("\n")) {
            String t = line.strip();
            if (!t.startsWith("*") && !t.startsWith("/*") && !t.startsWith("//") && !t.startsWith("import ")
                    && use.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /** Appends f to the floating literals of the code part of a line (comments are left as they are). */
    private static String floatLiterals(String line) {
        String t = line.strip();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
            return line;
        }
        int comment = line.indexOf("//");
        String code = comment < 0 ? line : line.substring(0, comment);
        String rest = comment < 0 ? "" : line.substring(comment);
        Matcher m = LITERAL.matcher(code);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "f"));
        }
        m.appendTail(out);
        return out + rest;
    }

    /** The target's generated sources, by generated class name. */
    static Map<String, String> generateAll(Path hostSources, Target target) throws IOException {
        KernelClasses kernels = KernelClasses.scan(hostSources);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : kernels.copiedTo(target).entrySet()) {
            out.put(e.getKey() + target.suffix(), generate(Files.readString(hostSources.resolve(e.getValue())),
                    e.getValue(), target, kernels, hostSources));
        }
        return out;
    }

    /** The host's sources, from the host module's directory. */
    static Path hostSources(Path hostDir) {
        return hostDir.resolve("src/main/java");
    }

    /** Where a generated class lives, from the host module's directory. */
    static Path file(Path hostDir, Target target, String className) {
        return hostDir.resolve(target.dir()).resolve(target.pkg().replace('.', '/')).resolve(className + ".java")
                .normalize();
    }

    /** The generated classes committed in a target's package (to find copies whose source is gone). */
    static List<String> committed(Path hostDir, Target target) throws IOException {
        Path dir = file(hostDir, target, "X").getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(target.suffix() + ".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
    }

    /**
     * Rewrites the committed copies of every target, removing copies whose source is no longer kernel code; run from
     * the host directory (or pass it).
     */
    public static void main(String[] args) throws IOException {
        Path module = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        for (Target target : Target.ALL) {
            Map<String, String> generated = generateAll(hostSources(module), target);
            for (String old : committed(module, target)) {
                if (!generated.containsKey(old)) {
                    Files.delete(file(module, target, old));
                }
            }
            for (Map.Entry<String, String> e : generated.entrySet()) {
                Path file = file(module, target, e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
            }
            System.out.println("wrote " + List.copyOf(generated.keySet()) + " in " + target.pkg());
        }
    }
}
