package org.gdmc.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.gdmc.backend.BackendProvider;
import org.gdmc.backend.Backends;

import picocli.CommandLine.Command;

/** Lists the backends and devices found on this machine. */
@Command(name = "devices", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the backends on the class path and the devices each can use (select with --backend, --device).")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<BackendProvider> all = Backends.all();
        for (BackendProvider p : all) {
            String why = p.unavailableReason();
            if (why != null) {
                System.out.println(p.name() + ": not available: " + why);
                continue;
            }
            List<String> devices = p.devices();
            System.out.println(p.name() + ":");
            System.out.println("  precision: " + p.precisions());
            for (int i = 0; i < devices.size(); i++) {
                System.out.println("  --device " + i + "  " + devices.get(i));
            }
        }
        if (Backends.find("tornado") == null) {
            System.out.println("tornado: not installed: " + BackendOptionsMixin.TORNADO_HINT);
        }
        return 0;
    }
}
