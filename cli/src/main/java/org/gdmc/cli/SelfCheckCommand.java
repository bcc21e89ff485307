package org.gdmc.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.Backends;
import org.gdmc.check.Check;
import org.gdmc.check.SelfCheck;
import org.gdmc.fields.ConfigException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Checks one device of a backend against the CPU reference before a long study trusts it: the backend's own kernel
 * checks (on a TornadoVM device: Philox known answers, gdmc's double maths in ulps, each score piece), every sampler
 * particle by particle in float64 and float32, the reductions block by block, and a throughput figure; one line each,
 * one verdict, exit 1 if any failed.
 */
@Command(name = "selfcheck", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Check a backend's device against the CPU reference: random numbers and maths in its kernels, "
                + "every sampler particle by particle in float64 and float32, the reductions block by block, and its "
                + "throughput; exits 1 if anything disagrees."})
final class SelfCheckCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "the backend to check (default: tornado where it is available, else cpu)")
    String backend;

    @Option(names = "--device", paramLabel = "INDEX", defaultValue = "0",
            description = "device index of the backend, as `gdmc devices` lists them (default 0)")
    int device;

    @Option(names = "--no-throughput", negatable = false,
            description = "skip the throughput figure (a device emulated on a CPU, as in CI, takes minutes over it "
                    + "and its figure means nothing)")
    boolean noThroughput;

    @Option(names = "--one-sampler", negatable = false,
            description = "compare the paths of one sampler (Euler-Maruyama) instead of all: a check that an "
                    + "installation works, where the device tests have compared every sampler (as CI does)")
    boolean oneSampler;

    @Override
    public Integer call() {
        BackendProvider p = provider();
        PrintStream out = System.out;
        String deviceName = p.devices().get(device);
        out.printf(Locale.ROOT, "gdmc selfcheck: %s --device %d, %s%n", p.name(), device, deviceName);
        List<Check> checks = SelfCheck.checks(p, device, !noThroughput, !oneSampler);
        long t0 = System.nanoTime();
        int failed = SelfCheck.run(checks, out);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (failed == 0) {
            out.printf(Locale.ROOT, "selfcheck PASSED: %d checks of %s on %s agree with the CPU reference (%.0f s)%n",
                    checks.size(), p.name(), deviceName, seconds);
            return 0;
        }
        out.printf(Locale.ROOT, "selfcheck FAILED: %d of %d checks of %s on %s disagree with the CPU reference; do not "
                + "trust this device's results (the lines marked FAIL say where)%n", failed, checks.size(), p.name(),
                deviceName);
        return 1;
    }

    private BackendProvider provider() {
        String name = backend;
        if (name == null) {
            BackendProvider t = Backends.find("tornado");
            name = t != null && t.unavailableReason() == null ? "tornado" : "cpu";
        }
        BackendProvider p = Backends.find(name);
        if (p == null) {
            throw new ConfigException("--backend", "\"" + name + "\" is not available here"
                    + (name.equals("tornado") ? "; " + BackendOptionsMixin.TORNADO_HINT : ""));
        }
        String why = p.unavailableReason();
        if (why != null) {
            throw new ConfigException("--backend", name + ": " + why);
        }
        int n = p.devices().size();
        if (device < 0 || device >= n) {
            throw new ConfigException("--device", "backend " + name + " has devices 0.." + (n - 1) + ", got " + device);
        }
        return p;
    }
}
