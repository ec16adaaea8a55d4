package com.smartsupport.localstack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the bench reads from the running system's processes: CPU and memory from {@code /proc}, Prometheus series
 * from each service, JIT time, heap histograms and flight-recorder or profiler commands through {@code jcmd}.
 */
final class StackProbe {
    /** The processes of the system under test. */
    static final List<String> SERVICES = List.of(
            "gateway-service",
            "conversation-service",
            "llm-service",
            "profile-service",
            "escalation-service",
            "kafka",
            "mongo");

    private final LocalRun stack;

    StackProbe(LocalRun stack) {
        this.stack = stack;
    }

    /** CPU ticks (user + system) of each process, and its RSS in KB. */
    Map<String, long[]> cpu() throws Exception {
        Map<String, long[]> m = new LinkedHashMap<>();
        List<String> measured = new ArrayList<>(SERVICES);
        measured.add("bench"); // this JVM: the simulated customers and the fake model
        for (String s : measured) {
            long pid = s.equals("bench") ? ProcessHandle.current().pid() : stack.pid(s);
            String[] stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"))
                    .replaceAll(".*\\) ", "")
                    .split(" ");
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            long rss = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(0L);
            m.put(s, new long[] {ticks, rss});
        }
        return m;
    }

    String usage(Map<String, long[]> before, Map<String, long[]> after, double seconds) {
        StringBuilder sb = new StringBuilder("CPU/RSS: ");
        for (String s : after.keySet()) {
            double cores = (after.get(s)[0] - before.get(s)[0]) / 100.0 / seconds;
            sb.append(s.replace("-service", ""))
                    .append(String.format(" %.2f cores %d MB; ", cores, after.get(s)[1] / 1024));
        }
        return sb.toString();
    }

    /** CPU milliseconds of the system under test (every process but this one) per unit of work. */
    double cpuMsPer(Map<String, long[]> before, Map<String, long[]> after, int units) {
        long ticks = 0;
        for (String s : SERVICES) {
            ticks += after.get(s)[0] - before.get(s)[0];
        }
        return units == 0 ? Double.NaN : ticks * 10.0 / units;
    }

    /** The sum of a series' samples on a service's /actuator/prometheus, optionally only those with a label. */
    double metric(String service, String name, String... labels) throws Exception {
        return stack.prometheus(service)
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Milliseconds the JIT compilers of all measured processes have spent so far (java.ci.totalTime). */
    double jitMs() throws Exception {
        double total = 0;
        for (String s : SERVICES) {
            Process p = new ProcessBuilder("jcmd", Long.toString(stack.pid(s)), "PerfCounter.print")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            double ticks = counter(out, "java.ci.totalTime");
            double hz = counter(out, "sun.os.hrt.frequency");
            if (hz > 0) {
                total += ticks / hz * 1000;
            }
        }
        return total;
    }

    private static double counter(String perfCounters, String name) {
        for (String line : perfCounters.split("\n")) {
            if (line.startsWith(name + "=")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    void jcmd(String process, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("jcmd", Long.toString(stack.pid(process))));
        args.addAll(List.of(command));
        new ProcessBuilder(args)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor(30, TimeUnit.SECONDS);
    }

    /** Heap in use after a full GC (jcmd GC.run), from the service's own metrics. */
    long heapAfterGc(String service) throws Exception {
        jcmd(service, "GC.run");
        Thread.sleep(500);
        return (long) metric(service, "jvm_memory_used_bytes", "area=\"heap\"");
    }

    static long totalMemoryKb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(0L);
        } catch (Exception e) {
            return 0;
        }
    }

    /** Bytes of live objects by class (jcmd GC.class_histogram, which runs a full GC first). */
    Map<String, Long> histogram(String service) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(stack.pid(service)), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        Map<String, Long> bytes = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) { // "  1:  instances  bytes  class (module)"
                bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
            }
        }
        return bytes;
    }

    static String simpleName(String jvmName) {
        return switch (jvmName) {
            case "[B" -> "byte[]";
            case "[I" -> "int[]";
            case "[J" -> "long[]";
            case "[C" -> "char[]";
            default ->
                jvmName.startsWith("[L")
                        ? simpleName(jvmName.substring(2, jvmName.length() - 1)) + "[]"
                        : jvmName.replaceAll("^.*\\.", "");
        };
    }

    /** The ten classes whose live bytes grew most between two histograms, per unit. */
    String topGrowth(Map<String, Long> before, Map<String, Long> after, int units) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .map(e -> String.format("%s %.0f B", simpleName(e.getKey()), (double) e.getValue() / units))
                .collect(Collectors.joining(", "));
    }
}
