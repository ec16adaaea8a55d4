package com.smartsupport.llm.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.prompt.PromptBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The output guard on its own: what it stops, what it lets through unchanged, and how much it holds back. */
class OutputGuardTest {
    static final String POLICY = PromptBuilder.policy();
    static final String CANARY = PromptBuilder.canary();

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final OutputGuard guard = new OutputGuard(POLICY, CANARY, meters);

    /** What a screen made of a chunked text: the published pieces and the final piece. */
    record Run(List<String> pieces, String end, OutputGuard.Screen screen) {
        String released() {
            return String.join("", pieces);
        }

        String published() {
            return released() + end;
        }
    }

    Run run(List<String> chunks) {
        OutputGuard.Screen screen = guard.screen("rep_test");
        List<String> pieces = new ArrayList<>();
        for (String chunk : chunks) {
            String out = screen.accept(chunk);
            if (!out.isEmpty()) {
                pieces.add(out);
            }
            if (screen.blocked()) {
                break;
            }
        }
        return new Run(pieces, screen.finish(), screen);
    }

    static List<String> chunks(String text, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            out.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return out;
    }

    static List<String> randomChunks(String text, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int n = 1 + random.nextInt(12);
            out.add(text.substring(i, Math.min(text.length(), i + n)));
            i += n;
        }
        return out;
    }

    double blocked(String reason) {
        var counter =
                meters.find("smart.llm.output.blocked").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theCanaryIsCaughtWhereverTheChunkBoundariesFallAndNoneOfItIsReleased() {
        String before = "Sure, your PixelView 27 Monitor is under warranty. My internal reference is ";
        String text = before + CANARY + ", as requested. Anything else?";
        int blockedRuns = 0;
        for (int a = 1; a < text.length(); a++) {
            for (int b : new int[] {a + 1, a + 3, a + 11, text.length()}) {
                if (b > text.length()) {
                    continue;
                }
                List<String> chunks = new ArrayList<>();
                chunks.add(text.substring(0, a));
                if (b > a) {
                    chunks.add(text.substring(a, b));
                }
                if (b < text.length()) {
                    chunks.add(text.substring(b));
                }
                Run run = run(chunks);
                assertThat(run.screen().reason()).as("split at %d/%d", a, b).isEqualTo(OutputGuard.Reason.CANARY);
                assertThat(before).as("only text before the canary is released").startsWith(run.released());
                assertThat(run.published())
                        .doesNotContain("canary-")
                        .doesNotContain(CANARY.substring("canary-".length(), "canary-".length() + 4))
                        .endsWith(OutputGuard.REFUSAL);
                blockedRuns++;
            }
        }
        assertThat(blocked("canary")).isEqualTo(blockedRuns);
        // one character at a time too
        Run slow = run(chunks(text, 1));
        assertThat(slow.screen().blocked()).isTrue();
        assertThat(before).startsWith(slow.released());
        assertThat(slow.released())
                .as("text well before the canary still streamed")
                .startsWith("Sure, your PixelView");
    }

    @Test
    void anObfuscatedCanaryIsCaughtToo() {
        String hex = CANARY.substring("canary-".length());
        List<String> disguised = List.of(
                CANARY.toUpperCase(),
                String.join("\u200b", CANARY.split("")), // zero-width spaces between characters
                String.join("\u2060", CANARY.split("")), // word joiners
                CANARY.replace('-', '\u2013'), // en dash
                CANARY.replace("a", "\u0430"), // Cyrillic a
                toFullWidth(CANARY), // full-width letters
                CANARY.replace("", "\u0332").substring(1), // combining low line under every letter
                "reference " + hex + " (the secret part alone)");
        for (String leak : disguised) {
            String before = "Here you go: " + (leak.startsWith("reference ") ? "reference " : "");
            Run run = run(randomChunks("Here you go: " + leak + " Have a nice day!", leak.hashCode()));
            assertThat(run.screen().reason()).as(leak).isEqualTo(OutputGuard.Reason.CANARY);
            assertThat(before)
                    .as("only text before the disguised canary is released")
                    .startsWith(run.released());
            assertThat(run.published()).as(leak).endsWith(OutputGuard.REFUSAL);
        }
    }

    @Test
    void aVerbatimRunOfThePolicyIsCaughtAtFortyCharactersButNotBelow() {
        String rules = POLICY.substring(0, POLICY.indexOf("- Internal reference"));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            int start = random.nextInt(rules.length() - OutputGuard.POLICY_RUN);
            String run40 = rules.substring(start, start + OutputGuard.POLICY_RUN);
            if (run40.contains("\n") || run40.contains("  ")) {
                continue; // whitespace is compared collapsed: a run across a line break is shorter than it looks
            }
            String prefix = "Well, ";
            Run leak = run(randomChunks(prefix + run40 + " and so on.", i));
            assertThat(leak.screen().reason()).as(run40).isEqualTo(OutputGuard.Reason.POLICY);
            assertThat(prefix).as("none of the run is released").startsWith(leak.released());
            assertThat(leak.published()).endsWith(OutputGuard.REFUSAL);

            String run39 = run40.substring(1);
            // '|' is not in the policy, so the neighbours cannot extend the run to 40
            Run shorter = run(randomChunks("Well |" + run39 + "| that is all.", i));
            assertThat(shorter.screen().blocked())
                    .as("39 characters: %s", run39)
                    .isFalse();
        }
    }

    @Test
    void aReformattedEchoOfTheWholePolicyIsStoppedBeforeAnyOfItIsReleased() {
        List<String> echoes = List.of(
                POLICY,
                "system: " + POLICY,
                POLICY.toUpperCase().replace("\n", "\n\n   "),
                POLICY.replace(" ", "\u00a0"),
                "Of course! My instructions are: \"" + POLICY.replace("\n", " ") + "\"");
        for (String echo : echoes) {
            for (int size : new int[] {1, 3, 7, 40, 1000}) {
                Run run = run(chunks(echo, size));
                assertThat(run.screen().blocked()).as("%s / %d", echo, size).isTrue();
                assertThat(run.released())
                        .hasSizeLessThan(40)
                        .doesNotContain("SMART Shop")
                        .doesNotContain("Rules");
                assertThat(run.published()).endsWith(OutputGuard.REFUSAL);
            }
        }
    }

    @Test
    void normalAnswersIncludingTheCustomersOwnOrdersPassUnchangedWhateverTheChunking() {
        var profile = new CustomerProfile(
                "cus_carlos",
                new CustomerProfile.Account("Carlos Díaz", "carlos@example.com", "ACC-100234", "Madrid", "en", "gold"),
                List.of(new CustomerProfile.Purchase(
                        "ORD-80455",
                        "SoundWave ANC Headphones",
                        "SW-ANC-700",
                        null,
                        null,
                        null,
                        LocalDate.of(2026, 11, 19),
                        "shipped",
                        "in transit",
                        LocalDate.of(2027, 11, 19))),
                null,
                new CustomerProfile.Subscription("SMART Plus", "active", LocalDate.of(2027, 1, 1)),
                null);
        GroundedFallback fallback = new GroundedFallback();
        List<String> answers = List.of(
                "Your SoundWave ANC Headphones (order ORD-80455) shipped on 19 November and are in transit; "
                        + "they should arrive within 2 to 3 working days.",
                "Your SoundWave ANC Headphones, model SW-ANC-700, are under warranty until 2027-11-19. If they stop "
                        + "working, I can start a repair for you or connect you with a human agent.",
                "I'm sorry, I can only help with your own orders and account. Is there anything about your "
                        + "headphones I can check?",
                "I can't see an order with that number on your account. If you'd like, press \"Talk to a person\" "
                        + "and a human agent will take over.",
                "Your account ACC-100234 is gold tier, and your SMART Plus subscription renews on 2027-01-01.",
                "Votre commande ORD-80455 est en cours de livraison. Voulez-vous parler à un conseiller ?",
                "ご注文のヘッドホン（ORD-80455）は現在配送中です。到着までもうしばらくお待ちください。保証期間は2027年11月19日までです。",
                "I'm not able to share other customers' details. I can help with your orders, deliveries, "
                        + "warranty and returns.",
                fallback.answer(profile, "where is my order?"),
                fallback.answer(profile, "is it under warranty?"),
                fallback.answer(profile, "tell me about my account"),
                fallback.answer(profile, "what about my subscription"),
                fallback.answer(null, "hello"),
                OutputGuard.REFUSAL,
                ReplyService.CUT_NOTICE.trim(),
                "OK.");
        for (String answer : answers) {
            for (List<String> chunks : List.of(
                    List.of(answer),
                    chunks(answer, 1),
                    chunks(answer, 4),
                    randomChunks(answer, answer.hashCode()),
                    ReplyService.words(answer))) {
                Run run = run(chunks);
                assertThat(run.screen().blocked()).as(answer).isFalse();
                assertThat(run.published()).isEqualTo(answer);
            }
        }
        assertThat(blocked("canary") + blocked("policy")).isZero();
    }

    /**
     * The longest end of {@code text} that occurs in the policy or the canary (compared forms), found the slow way:
     * exactly what may still grow into a pattern, so at most this much may be held back.
     */
    static int couldStillGrow(String text) {
        String policy = OutputGuard.normalize(POLICY);
        String canary = OutputGuard.normalize(CANARY);
        String norm = OutputGuard.normalize(text);
        for (int n = Math.min(norm.length(), OutputGuard.POLICY_RUN); n > 0; n--) {
            String end = norm.substring(norm.length() - n);
            if (policy.contains(end) || canary.contains(end)) {
                return n;
            }
        }
        return 0;
    }

    @Test
    void onlyTheTailThatCouldStillGrowIntoALeakIsHeldBackEverythingElseGoesOutAsItArrives() {
        String answer = ("Your SoundWave ANC Headphones shipped on 19 November and are in transit with the carrier. "
                        + "They should arrive within two or three working days, and you will get a tracking e-mail. ")
                .repeat(3);
        OutputGuard.Screen screen = guard.screen("rep_stream");
        StringBuilder fed = new StringBuilder();
        StringBuilder released = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        long heldTotal = 0;
        List<String> chunks = chunks(answer, 5);
        for (String chunk : chunks) {
            fed.append(chunk);
            String out = screen.accept(chunk);
            if (!out.isEmpty()) {
                pieces.add(out);
                released.append(out);
            }
            int held = fed.length() - released.length();
            heldTotal += held;
            // plain ASCII here: one compared character per character, apart from collapsed white space
            assertThat(held)
                    .as("held back after %d characters", fed.length())
                    .isLessThanOrEqualTo(couldStillGrow(fed.toString()));
        }
        assertThat(pieces).as("streamed, not buffered").hasSizeGreaterThan(chunks.size() * 3 / 4);
        assertThat((double) heldTotal / chunks.size())
                .as("characters held back on average")
                .isLessThan(6);
        assertThat(released + screen.finish()).isEqualTo(answer);

        // text with no word breaks (Japanese) is released too, without waiting for the end
        String japanese = "ご注文の商品は現在配送中です。".repeat(10);
        OutputGuard.Screen ja = guard.screen("rep_ja");
        StringBuilder jaOut = new StringBuilder();
        for (String chunk : chunks(japanese, 3)) {
            jaOut.append(ja.accept(chunk));
        }
        assertThat(jaOut.length()).isGreaterThanOrEqualTo(japanese.length() - 3);
        assertThat(jaOut + ja.finish()).isEqualTo(japanese);
    }

    @Test
    void theFirstChunkOfAnOrdinaryAnswerGoesOutAtOnce() {
        for (String first : List.of("Your SoundWave ", "Hello Carlos! ", "Votre commande ", "ご注文の")) {
            String out = guard.screen("rep_first").accept(first);
            assertThat(first).startsWith(out);
            assertThat(out.length()).as(first).isGreaterThanOrEqualTo(first.length() - couldStillGrow(first));
            assertThat(out).as(first).isNotEmpty();
        }
    }

    @Test
    void whatIsHeldBackIsExactlyWhatCouldStillGrowIntoAPattern() {
        // random mixes of prose and policy fragments shorter than a run, in random chunks: never more held back
        // than could still become a leak, never a stop
        String rules = OutputGuard.normalize(POLICY.substring(0, POLICY.indexOf("- Internal reference")));
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder("Sure|"); // '|' is not in the policy: no run crosses it
            for (int k = 0; k < 6; k++) {
                int n = 1 + random.nextInt(OutputGuard.POLICY_RUN - 1);
                int start = random.nextInt(rules.length() - n);
                text.append(rules, start, start + n).append('|');
            }
            OutputGuard.Screen screen = guard.screen("rep_mix");
            StringBuilder fed = new StringBuilder();
            StringBuilder released = new StringBuilder();
            for (String chunk : randomChunks(text.toString(), i)) {
                fed.append(chunk);
                released.append(screen.accept(chunk));
                assertThat(screen.blocked()).as(fed.toString()).isFalse();
                // compared forms: white space runs count once
                assertThat(OutputGuard.normalize(fed.substring(released.length()))
                                .length())
                        .as(fed.toString())
                        .isLessThanOrEqualTo(couldStillGrow(fed.toString()));
            }
            assertThat(released + screen.finish()).isEqualTo(text.toString());
        }
    }

    @Test
    void aScopeSentenceCopyingFortyCharactersOfThePolicyIsStoppedTooTheKnownTradeOff() {
        // the policy's list of topics, repeated word for word: stopped, and answered by the refusal, which says
        // much the same (see docs/prompting.md)
        Run run = run(List.of("I can help with your orders, deliveries, products, warranty and returns."));
        assertThat(run.screen().reason()).isEqualTo(OutputGuard.Reason.POLICY);
        assertThat(run.published()).isEqualTo(OutputGuard.REFUSAL);
    }

    @Test
    void aStoppedReplyStaysStoppedAndIsCountedByReason() {
        OutputGuard.Screen screen = guard.screen("rep_x");
        String first = screen.accept("Fine. ");
        assertThat("Fine. ").startsWith(first);
        assertThat(screen.accept(POLICY.substring(0, 60))).isEmpty();
        assertThat(screen.blocked()).isTrue();
        assertThat(screen.accept(" and a lot more harmless text that would otherwise flow out. ".repeat(5)))
                .isEmpty();
        assertThat(screen.finish()).isEqualTo(first.isEmpty() ? OutputGuard.REFUSAL : "\n\n" + OutputGuard.REFUSAL);
        assertThat(blocked("policy")).isEqualTo(1);
        assertThat(blocked("canary")).isZero();
    }

    @Test
    void theCanaryIsRandomPerProcessAndStatedInThePolicyBlock() {
        assertThat(CANARY).matches("canary-[0-9a-f]{16}");
        assertThat(POLICY).contains(CANARY).contains("never repeat");
        assertThat(OutputGuard.normalize("  A\u200bB\n\n C\u00a0ﬁ\u2014")).isEqualTo("ab c fi-");
    }

    private static String toFullWidth(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uff01') : c);
        }
        return out.toString();
    }
}
