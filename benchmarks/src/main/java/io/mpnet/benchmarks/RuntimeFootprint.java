package io.mpnet.benchmarks;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Heap retained per idle {@link MiniProgramNetwork} sharing one {@link MpNetResources}: builds one
 * runtime first (so classes and shared lazies are not counted), then {@code n} more, each with its own
 * small config, and compares the used heap after full collections. The configs are measured apart,
 * since they are the host's data, not the runtime's cost. Prints {@code key=value} lines that
 * {@link Suite} reads; run it in a fresh JVM, ideally with {@code -XX:+UseSerialGC}.
 */
public final class RuntimeFootprint {

    private RuntimeFootprint() {
    }

    /** {@code args[0]}: how many runtimes (default 10 000). */
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        DeviceView device = DeviceView.of("192.168.50.10/24");
        try (MpNetResources resources = MpNetResources.create("footprint", 100)) {
            MiniProgramNetwork first = MiniProgramNetwork.builder(config(-1)).resources(resources).device(device).build();
            long start = usedAfterGc();
            NetworkConfig[] configs = new NetworkConfig[n];
            for (int i = 0; i < n; i++) {
                configs[i] = config(i);
            }
            long withConfigs = usedAfterGc();
            MiniProgramNetwork[] nets = new MiniProgramNetwork[n];
            for (int i = 0; i < n; i++) {
                nets[i] = MiniProgramNetwork.builder(configs[i]).resources(resources).device(device).build();
            }
            long withRuntimes = usedAfterGc();
            System.out.println("runtimes=" + n);
            System.out.println(String.format(Locale.ROOT, "configBytes=%.1f", (withConfigs - start) / (double) n));
            System.out.println(String.format(Locale.ROOT, "runtimeBytes=%.1f", (withRuntimes - withConfigs) / (double) n));
            Reference.reachabilityFence(nets);
            Reference.reachabilityFence(configs);
            for (MiniProgramNetwork net : nets) {
                net.close();
            }
            first.close();
        }
    }

    /** A small config of its own per mini program: an appId, a request domain, a hosts entry. */
    private static NetworkConfig config(int i) {
        String id = String.format(Locale.ROOT, "wx%016x", 0x0123456789abcdefL + i);
        return NetworkConfig.builder().appId(id)
                .domains(ApiKind.REQUEST, "https://api-" + i + ".example.com")
                .host(RequestBenchmark.PEER, "127.0.0.1").build();
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
