package org.gdmc.tornado;

import java.util.ArrayList;
import java.util.List;

import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/** The devices TornadoVM sees, flattened over its backends in its own order (backend, then device). */
final class TornadoDevices {
    private TornadoDevices() {
    }

    static List<TornadoDevice> all() {
        List<TornadoDevice> out = new ArrayList<>();
        for (TornadoBackend b : TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends()) {
            for (int i = 0; i < b.getNumDevices(); i++) {
                out.add(b.getDevice(i));
            }
        }
        return out;
    }

    static List<String> describe() {
        List<String> out = new ArrayList<>();
        for (TornadoDevice d : all()) {
            out.add(d.getPhysicalDevice().getDeviceName() + " [" + d.getPlatformName() + ", " + d.getDeviceType()
                    + ", " + (d.getMaxGlobalMemory() >> 20) + " MiB]");
        }
        return out;
    }

    static TornadoDevice get(int index) {
        List<TornadoDevice> all = all();
        if (index >= all.size()) {
            throw new IllegalArgumentException("TornadoVM sees " + all.size() + " devices; no device " + index);
        }
        return all.get(index);
    }
}
