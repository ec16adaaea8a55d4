package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operators' Prometheus files are valid and the alerts behave: {@code promtool} (Debian's {@code prometheus}
 * package, which ./test installs) checks the config and the rules and runs the rules' unit tests
 * (deploy/prometheus/alerts-test.yml: each alert fires on a bad series and stays quiet on a healthy one).
 */
class PrometheusConfigTest {
    static final Path DIR = Path.of(System.getProperty("smart.repo.root", "../.."))
            .toAbsolutePath()
            .normalize()
            .resolve("deploy/prometheus");

    @Test
    void theAlertRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        assertThat(promtool("test", "rules", "alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void theScrapeConfigIsValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("PROMTOOL", "promtool")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("promtool %s:%n%s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
