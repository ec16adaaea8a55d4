package com.smartsupport.llm.reply;

import com.smartsupport.llm.prompt.PromptBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The last line against prompt injection: screens a streamed reply before any of it reaches the customer, and stops
 * it if the model is repeating its instructions, i.e. if the text contains the system-prompt canary
 * ({@link PromptBuilder#canary()}, or its random part alone) or any run of {@value #POLICY_RUN} characters of the
 * policy block. The comparison ignores case, accents and combining marks, zero-width and other invisible format
 * characters, runs of whitespace, compatibility forms (full-width letters, ligatures), dash variants and the
 * commonest Cyrillic/Greek look-alikes.
 *
 * <p>Streaming still streams: a {@link Screen} holds back only the last {@code longest pattern - 1} characters (so a
 * pattern split across chunks is seen whole before any of it is released), and releases the rest up to the last
 * word break. A stopped reply ends with {@link #REFUSAL}; what was released before the stop never contained any
 * part of a pattern. Stops are counted ({@code smart_llm_output_blocked_total{reason}}) and logged without the text.
 *
 * <p>There is no other customer's data to guard against here: the prompt is built only from the calling customer's
 * profile and conversation, so the model never sees anyone else's data (see {@code docs/prompting.md}).
 */
@Component
public class OutputGuard {
    private static final Logger log = LoggerFactory.getLogger(OutputGuard.class);

    /** Length of a verbatim run of the policy block that counts as a leak. */
    public static final int POLICY_RUN = 40;
    /** What replaces the rest of a stopped reply: short, polite, back on the customer's own topics. */
    public static final String REFUSAL = "Sorry, I can't share that. I'm happy to help with your own orders, "
            + "deliveries, warranty, returns, subscription or account: what would you like to know?";

    public enum Reason {
        CANARY, POLICY;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<Character, Character> LOOK_ALIKES = lookAlikes();

    private final List<String> canaries;
    private final Set<String> policyRuns = new HashSet<>();
    private final int holdBack;
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
        this.canaries = secret.length() >= 12 && !secret.equals(c) ? List.of(c, secret) : List.of(c);
        String p = normalize(policy);
        for (int end = POLICY_RUN; end <= p.length(); end++) {
            policyRuns.add(p.substring(end - POLICY_RUN, end));
        }
        this.holdBack = Math.max(POLICY_RUN, canaries.stream().mapToInt(String::length).max().orElse(0)) - 1;
    }

    /**
     * Screens a whole text at once (a reply that is not streamed, such as the agent's draft): whether it would be
     * stopped, and why. A stop is counted and logged like a streamed one.
     */
    public java.util.Optional<Reason> check(String id, String text) {
        Screen screen = screen(id);
        screen.accept(text);
        return java.util.Optional.ofNullable(screen.reason());
    }

    /** A screen for one reply; not thread-safe (a reply's chunks arrive in order, one at a time). */
    public Screen screen(String replyId) {
        return new Screen(replyId);
    }

    /** What the guard compares: see the class comment. */
    static String normalize(String text) {
        Normalized n = new Normalized();
        n.append(text == null ? "" : text, 0);
        return n.text.toString();
    }

    public final class Screen {
        private final String replyId;
        private final StringBuilder raw = new StringBuilder();
        private final Normalized norm = new Normalized();
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
            int scannedTo = norm.text.length();
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
            log.warn("reply {} stopped by the output guard: the model output contained the {} ({} characters "
                    + "withheld, {} released before)", replyId, reason == Reason.CANARY ? "system-prompt canary"
                    : "policy text", raw.length() - released, released);
        }

        private Reason scan(int from) {
            StringBuilder text = norm.text;
            for (String canary : canaries) {
                if (text.indexOf(canary, Math.max(0, from - canary.length() + 1)) >= 0) {
                    return Reason.CANARY;
                }
            }
            for (int end = Math.max(POLICY_RUN, from + 1); end <= text.length(); end++) {
                if (policyRuns.contains(text.substring(end - POLICY_RUN, end))) {
                    return Reason.POLICY;
                }
            }
            return null;
        }

        private String release(boolean all) {
            int to;
            if (all) {
                to = raw.length();
            } else {
                int safe = norm.text.length() - holdBack; // normalised characters that can no longer start a match
                if (safe <= 0) {
                    return "";
                }
                int safeRaw = norm.origin[safe];
                to = safeRaw;
                // end on a word break where there is one, so that deltas are whole words
                while (to > released && !Character.isWhitespace(raw.charAt(to - 1))) {
                    to--;
                }
                if (to == released && safeRaw - released >= holdBack) {
                    to = safeRaw; // no break in sight (e.g. Japanese): release anyway
                }
            }
            if (to <= released) {
                return "";
            }
            String out = raw.substring(released, to);
            released = to;
            return out;
        }
    }

    /** A text in the compared form, built incrementally, remembering where each character came from. */
    private static final class Normalized {
        final StringBuilder text = new StringBuilder();
        int[] origin = new int[256];

        void append(String chunk, int base) {
            for (int i = 0; i < chunk.length(); ) {
                int cp = chunk.codePointAt(i);
                int at = base + i;
                i += Character.charCount(cp);
                if (Character.getType(cp) == Character.FORMAT) {
                    continue; // zero-width spaces and joiners, soft hyphens, bidi marks
                }
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                        put(' ', at);
                    }
                    continue;
                }
                String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD)
                        .toLowerCase(Locale.ROOT);
                for (int k = 0; k < folded.length(); k++) {
                    char ch = folded.charAt(k);
                    if (Character.getType(ch) == Character.NON_SPACING_MARK) {
                        continue; // accents and combining overlays: c\u0332a\u0332… reads as ca…
                    }
                    put(LOOK_ALIKES.getOrDefault(ch, ch), at);
                }
            }
        }

        private void put(char ch, int rawIndex) {
            if (text.length() == origin.length) {
                origin = Arrays.copyOf(origin, origin.length * 2);
            }
            origin[text.length()] = rawIndex;
            text.append(ch);
        }
    }

    private static Map<Character, Character> lookAlikes() {
        Map<Character, Character> m = new java.util.HashMap<>();
        String cyrillic = "аеорсухіјѕԁһԛԝ";
        String latin = "aeopcyxijsdhqw";
        for (int i = 0; i < cyrillic.length(); i++) {
            m.put(cyrillic.charAt(i), latin.charAt(i));
        }
        String greek = "αεορτυνικ";
        String greekLatin = "aeoptuvik";
        for (int i = 0; i < greek.length(); i++) {
            m.put(greek.charAt(i), greekLatin.charAt(i));
        }
        for (char dash : "‐‑‒–—―−﹣".toCharArray()) {
            m.put(dash, '-');
        }
        return Map.copyOf(m);
    }
}
