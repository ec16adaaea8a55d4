package com.smartsupport.llm.reply;

import com.smartsupport.llm.prompt.PromptBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The last line against prompt injection: screens a streamed reply before any of it reaches the customer, and stops
 * it if the model is repeating its instructions, i.e. if the text contains the system-prompt canary
 * ({@link PromptBuilder#canary()}, or its random part alone) or any run of {@value #POLICY_RUN} characters of the
 * policy block. The comparison ignores case, accents and combining marks, zero-width and other invisible format
 * characters, runs of whitespace, compatibility forms (full-width letters, ligatures), dash variants and the
 * commonest Cyrillic/Greek look-alikes.
 *
 * <p>Streaming still streams: a {@link Screen} holds back only the tail that could still grow into a pattern, i.e.
 * the longest end of the text so far that occurs in the policy or in the canary (a pattern split across chunks is
 * thus seen whole before any of it is released), and releases everything before it at once. Ordinary prose shares
 * only a few characters with the policy at a time, so almost all of each chunk goes out as it arrives (the time to
 * first token is the model's, docs/benchmarks.md). A stopped reply ends with {@link #REFUSAL}; what was released
 * before the stop never contained any part of a pattern. Stops are counted
 * ({@code smart_llm_output_blocked_total{reason}}) and logged without the text. Both the stop and the hold-back
 * come from one {@link SubstringAutomaton} per pattern, stepped once per character, over the {@link Normalized}
 * text.
 *
 * <p>There is no other customer's data to guard against here: the prompt is built only from the calling customer's
 * profile and conversation, so the model never sees anyone else's data (see {@code docs/prompting.md}).
 */
@Component
public class OutputGuard {
    /** Length of a verbatim run of the policy block that counts as a leak. */
    public static final int POLICY_RUN = 40;
    /** What replaces the rest of a stopped reply: short, polite, back on the customer's own topics. */
    public static final String REFUSAL = "Sorry, I can't share that. I'm happy to help with your own orders, "
            + "deliveries, warranty, returns, subscription or account: what would you like to know?";

    private static final Logger log = LoggerFactory.getLogger(OutputGuard.class);

    public enum Reason {
        CANARY,
        POLICY;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Pattern(Reason reason, SubstringAutomaton automaton, int stopAt) {}

    /** The patterns: the canary, its random part, the policy; each stops a reply once this much of it appears. */
    private final List<Pattern> patterns = new ArrayList<>();

    private final MeterRegistry meters;

    @Autowired
    OutputGuard(MeterRegistry meters) {
        this(PromptBuilder.policy(), PromptBuilder.canary(), meters);
    }

    /**
     * @param policy the policy block as sent to the model
     * @param canary the secret marker it carries ({@code canary-<hex>}); its part after the last dash is also
     *               a pattern when it is at least 12 characters long
     */
    public OutputGuard(String policy, String canary, MeterRegistry meters) {
        this.meters = meters;
        String c = normalize(canary);
        String secret = c.substring(c.lastIndexOf('-') + 1);
        patterns.add(new Pattern(Reason.CANARY, new SubstringAutomaton(c), c.length()));
        if (secret.length() >= 12 && !secret.equals(c)) {
            patterns.add(new Pattern(Reason.CANARY, new SubstringAutomaton(secret), secret.length()));
        }
        String p = normalize(policy);
        if (p.length() >= POLICY_RUN) {
            patterns.add(new Pattern(Reason.POLICY, new SubstringAutomaton(p), POLICY_RUN));
        }
    }

    /**
     * Screens a whole text at once (a reply that is not streamed, such as the agent's draft): whether it would be
     * stopped, and why. A stop is counted and logged like a streamed one.
     */
    public Optional<Reason> check(String id, String text) {
        Screen screen = screen(id);
        screen.accept(text);
        return Optional.ofNullable(screen.reason());
    }

    /** A screen for one reply; not thread-safe (a reply's chunks arrive in order, one at a time). */
    public Screen screen(String replyId) {
        return new Screen(replyId);
    }

    /** What the guard compares: see the class comment. */
    static String normalize(String text) {
        return Normalized.of(text);
    }

    public final class Screen {
        private final String replyId;
        private final StringBuilder raw = new StringBuilder();
        private final Normalized norm = new Normalized();
        /** Per pattern: the automaton state and the length of the longest end of the text that occurs in it. */
        private final int[] state = new int[patterns.size()];

        private final int[] matched = new int[patterns.size()];
        private int released;
        private Reason blocked;

        private Screen(String replyId) {
            this.replyId = replyId;
        }

        /** Takes the next chunk; returns the text that may be published now ("" while held back or stopped). */
        public String accept(String chunk) {
            if (blocked != null || chunk == null || chunk.isEmpty()) {
                return "";
            }
            int scannedTo = norm.length();
            norm.append(chunk, raw.length());
            raw.append(chunk);
            Reason found = scan(scannedTo);
            if (found != null) {
                block(found);
                return "";
            }
            return release(false);
        }

        /** At the end of the stream: the held-back rest, or the refusal if the reply was stopped. */
        public String finish() {
            if (blocked != null) {
                return released == 0 ? REFUSAL : "\n\n" + REFUSAL;
            }
            return release(true);
        }

        /** Whether the reply was stopped; the stream feeding this screen should be cancelled. */
        public boolean blocked() {
            return blocked != null;
        }

        public Reason reason() {
            return blocked;
        }

        private void block(Reason reason) {
            blocked = reason;
            meters.counter("smart.llm.output.blocked", "reason", reason.tag()).increment();
            log.warn(
                    "reply {} stopped by the output guard: the model output contained the {} ({} characters "
                            + "withheld, {} released before)",
                    replyId,
                    reason == Reason.CANARY ? "system-prompt canary" : "policy text",
                    raw.length() - released,
                    released);
        }

        private Reason scan(int from) {
            for (int i = from; i < norm.length(); i++) {
                char ch = norm.charAt(i);
                for (int k = 0; k < state.length; k++) {
                    Pattern pattern = patterns.get(k);
                    long next = pattern.automaton().step(state[k], matched[k], ch);
                    state[k] = (int) (next >>> 32);
                    matched[k] = (int) next;
                    if (matched[k] >= pattern.stopAt()) {
                        return pattern.reason();
                    }
                }
            }
            return null;
        }

        private String release(boolean all) {
            int to;
            if (all) {
                to = raw.length();
            } else {
                int held = 0; // normalised characters at the end that could still grow into a pattern
                for (int m : matched) {
                    held = Math.max(held, m);
                }
                int safe = norm.length() - held;
                to = held == 0 ? raw.length() : norm.origin(safe);
            }
            if (to <= released) {
                return "";
            }
            String out = raw.substring(released, to);
            released = to;
            return out;
        }
    }
}
