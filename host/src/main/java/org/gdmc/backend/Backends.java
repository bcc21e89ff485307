package org.gdmc.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The backends on the class path. */
public final class Backends {
    private Backends() {
    }

    /** Every provider found, the CPU first. */
    public static List<BackendProvider> all() {
        List<BackendProvider> out = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            out.add(p);
        }
        out.sort((a, b) -> a.name().equals("cpu") ? -1 : b.name().equals("cpu") ? 1 : a.name().compareTo(b.name()));
        return out;
    }

    /** The provider called {@code name}, or null. */
    public static BackendProvider find(String name) {
        for (BackendProvider p : all()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
