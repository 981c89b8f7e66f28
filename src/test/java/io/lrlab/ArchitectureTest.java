package io.lrlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/ARCHITECTURE.md, checked on the sources: every package of lrlab's has a package-info, uses
 * only the packages its row allows, and no two packages need each other, however indirectly.
 */
class ArchitectureTest {

    /** Each package and the packages of lrlab's it may use: docs/ARCHITECTURE.md's table. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of("system")),
            Map.entry("web", Set.of("error")),
            Map.entry("security", Set.of("web", "error")),
            Map.entry("experiment", Set.of("artifact", "dataset", "error", "model", "schedule", "security", "stats", "system", "training", "web")),
            Map.entry("sweep", Set.of("experiment", "error", "schedule", "security", "stats", "web")),
            Map.entry("study", Set.of("experiment", "sweep", "error", "schedule", "security", "stats", "training")),
            Map.entry("rangetest", Set.of("experiment", "chart", "error", "security", "training", "web")),
            Map.entry("chart", Set.of("experiment", "sweep", "study", "error", "schedule", "training", "web")),
            Map.entry("preview", Set.of("chart", "error", "schedule", "web")),
            Map.entry("worker", Set.of("experiment", "dataset", "error", "model", "system", "training")),
            Map.entry("training", Set.of("dataset", "kernel", "model", "schedule", "system", "error")),
            Map.entry("model", Set.of("kernel")),
            Map.entry("kernel", Set.of()),
            Map.entry("schedule", Set.of("error")),
            Map.entry("stats", Set.of()),
            Map.entry("dataset", Set.of("system", "error")),
            Map.entry("catalog", Set.of("dataset", "model")),
            Map.entry("artifact", Set.of("system")),
            Map.entry("system", Set.of("kernel")),
            Map.entry("error", Set.of()));

    private static final Path ROOT = Path.of("src/main/java/io/lrlab");
    private static final Pattern USE = Pattern.compile("\\bio\\.lrlab\\.(\\w+)\\.[A-Z]");

    @Test
    void everyPackageUsesOnlyWhatItsRowAllowsAndHasAPackageInfo() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertThat(uses.keySet()).as("packages in docs/ARCHITECTURE.md's table").isEqualTo(new TreeSet<>(ALLOWED.keySet()));
        List<String> broken = new ArrayList<>();
        uses.forEach((pkg, used) -> used.stream().filter(u -> !ALLOWED.get(pkg).contains(u))
                .forEach(u -> broken.add("io.lrlab." + pkg + " uses io.lrlab." + u)));
        assertThat(broken).isEmpty();
        for (String pkg : uses.keySet()) {
            assertThat(ROOT.resolve(pkg).resolve("package-info.java")).as("package-info of io.lrlab." + pkg).exists();
        }
    }

    @Test
    void noPackageNeedsItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = uses();
        for (String start : uses.keySet()) {
            Set<String> seen = new TreeSet<>();
            List<String> frontier = new ArrayList<>(uses.get(start));
            while (!frontier.isEmpty()) {
                String next = frontier.remove(frontier.size() - 1);
                assertThat(next).as("a cycle through io.lrlab." + start).isNotEqualTo(start);
                if (seen.add(next)) {
                    frontier.addAll(uses.getOrDefault(next, Set.of()));
                }
            }
        }
    }

    /** Package (relative to io.lrlab; "" for io.lrlab itself) to the other lrlab packages its sources name. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = ROOT.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> used = out.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg) && ALLOWED.containsKey(m.group(1))) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }
}
