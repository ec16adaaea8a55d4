package com.smartsupport.localstack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The action task set ({@code action-tasks.json}) against a real OpenAI-compatible model: starts its own stack
 * ({@code ./run}, port offset {@code -Dsmart.actions.port-offset}, default 5000) with {@code OPENAI_API_KEY} (and
 * {@code OPENAI_BASE_URL}, {@code OPENAI_MODEL} if set), runs every task {@code -Dsmart.actions.trials} times (default
 * 4) and prints pass^1 … pass^k and every failed trial with its reason. Skipped without {@code OPENAI_API_KEY}.
 * Not an {@code *IT}: ./test never runs it; run it with {@code ./bench actions} (docs/benchmarks.md, "Actions: task
 * set"). {@code -Dsmart.actions.only=id,id} runs only those tasks. It reports; it does not fail on a low score.
 */
class ActionTasksEval {
    @Test
    void theTaskSetWithARealModel() throws Exception {
        String key = System.getenv("OPENAI_API_KEY");
        assumeTrue(key != null && !key.isBlank(), "OPENAI_API_KEY is not set: no real model to evaluate");
        int offset = Integer.getInteger("smart.actions.port-offset", 5000);
        int trials = Integer.getInteger("smart.actions.trials", 4);
        Set<String> only = Arrays.stream(
                        System.getProperty("smart.actions.only", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        List<ActionTask> tasks = ActionTask.load().stream()
                .filter(t -> only.isEmpty() || only.contains(t.id()))
                .toList();
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", key);
        for (String name : List.of("OPENAI_BASE_URL", "OPENAI_MODEL")) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value);
            }
        }
        String model = env.getOrDefault("OPENAI_MODEL", "gpt-4o-mini") + " at "
                + env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1");
        System.out.printf(
                "[actions] %d tasks (%s) x %d trials against %s%n",
                tasks.size(), ActionTasks.categories(tasks), trials, model);
        try (LocalRun stack = LocalRun.start(offset, env)) {
            ActionTasks.Report report = new ActionTasks(stack, Duration.ofSeconds(120)).run(tasks, trials);
            System.out.print(report.text(model));
        }
    }
}
