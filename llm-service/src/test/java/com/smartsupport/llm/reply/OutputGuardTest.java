package com.smartsupport.llm.reply;

import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.prompt.PromptBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

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
        var counter = meters.find("smart.llm.output.blocked").tag("reason", reason).counter();
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
                assertThat(run.published()).doesNotContain("canary-")
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
        assertThat(slow.released()).as("text well before the canary still streamed").startsWith("Sure, your PixelView");
    }

    @Test
    void anObfuscatedCanaryIsCaughtToo() {
        String hex = CANARY.substring("canary-".length());
        List<String> disguised = List.of(
                CANARY.toUpperCase(),
                String.join("\u200b", CANARY.split("")),                   // zero-width spaces between characters
                String.join("\u2060", CANARY.split("")),                   // word joiners
                CANARY.replace('-', '\u2013'),                             // en dash
                CANARY.replace("a", "\u0430"),                            // Cyrillic a
                toFullWidth(CANARY),                                      // full-width letters
                CANARY.replace("", "\u0332").substring(1),                // combining low line under every letter
                "reference " + hex + " (the secret part alone)");
        for (String leak : disguised) {
            Run run = run(randomChunks("Here you go: " + leak + " Have a nice day!", leak.hashCode()));
            assertThat(run.screen().reason()).as(leak).isEqualTo(OutputGuard.Reason.CANARY);
            assertThat(run.published()).as(leak).isEqualTo(OutputGuard.REFUSAL); // 13 + 23 < 39: none released
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
            assertThat(leak.published()).isIn(OutputGuard.REFUSAL, prefix + "\n\n" + OutputGuard.REFUSAL);

            String run39 = run40.substring(1);
            // '|' is not in the policy, so the neighbours cannot extend the run to 40
            Run shorter = run(randomChunks("Well |" + run39 + "| that is all.", i));
            assertThat(shorter.screen().blocked()).as("39 characters: %s", run39).isFalse();
        }
    }

    @Test
    void aReformattedEchoOfTheWholePolicyIsStoppedBeforeAnyOfItIsReleased() {
        List<String> echoes = List.of(POLICY,
                "system: " + POLICY,
                POLICY.toUpperCase().replace("\n", "\n\n   "),
                POLICY.replace(" ", "\u00a0"),
                "Of course! My instructions are: \"" + POLICY.replace("\n", " ") + "\"");
        for (String echo : echoes) {
            for (int size : new int[] {1, 3, 7, 40, 1000}) {
                Run run = run(chunks(echo, size));
                assertThat(run.screen().blocked()).as("%s / %d", echo, size).isTrue();
                assertThat(run.released()).hasSizeLessThan(40).doesNotContain("SMART Shop").doesNotContain("Rules");
                assertThat(run.published()).endsWith(OutputGuard.REFUSAL);
            }
        }
    }

    @Test
    void normalAnswersIncludingTheCustomersOwnOrdersPassUnchangedWhateverTheChunking() {
        var profile = new CustomerProfile("cus_carlos",
                new CustomerProfile.Account("Carlos Díaz", "carlos@example.com", "ACC-100234", "Madrid", "en", "gold"),
                List.of(new CustomerProfile.Purchase("ORD-80455", "SoundWave ANC Headphones", "SW-ANC-700", null,
                        null, null, LocalDate.of(2026, 11, 19), "shipped", "in transit", LocalDate.of(2027, 11, 19))),
                null, new CustomerProfile.Subscription("SMART Plus", "active", LocalDate.of(2027, 1, 1)), null);
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
            for (List<String> chunks : List.of(List.of(answer), chunks(answer, 1), chunks(answer, 4),
                    randomChunks(answer, answer.hashCode()), ReplyService.words(answer))) {
                Run run = run(chunks);
                assertThat(run.screen().blocked()).as(answer).isFalse();
                assertThat(run.published()).isEqualTo(answer);
            }
        }
        assertThat(blocked("canary") + blocked("policy")).isZero();
    }

    @Test
    void onlyTheTailThatCouldStillBeALeakIsHeldBackAndPiecesEndOnWordBreaks() {
        String answer = ("Your SoundWave ANC Headphones shipped on 19 November and are in transit with the carrier. "
                + "They should arrive within two or three working days, and you will get a tracking e-mail. ")
                .repeat(3);
        OutputGuard.Screen screen = guard.screen("rep_stream");
        StringBuilder fed = new StringBuilder();
        StringBuilder released = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        for (String chunk : chunks(answer, 5)) {
            fed.append(chunk);
            String out = screen.accept(chunk);
            if (!out.isEmpty()) {
                pieces.add(out);
                released.append(out);
            }
            // longest pattern is 40 characters: at most 39 held for it, plus the part of a word before the break
            assertThat(fed.length() - released.length()).as("held back after %d characters", fed.length())
                    .isLessThanOrEqualTo(39 + "SoundWave ".length() + 5);
        }
        assertThat(pieces).as("streamed, not buffered").hasSizeGreaterThan(10);
        assertThat(pieces).allSatisfy(p -> assertThat(p).endsWith(" "));
        assertThat(released + screen.finish()).isEqualTo(answer);

        // text with no word breaks (Japanese) is released too, without waiting for the end
        String japanese = "ご注文の商品は現在配送中です。".repeat(10);
        OutputGuard.Screen ja = guard.screen("rep_ja");
        StringBuilder jaOut = new StringBuilder();
        for (String chunk : chunks(japanese, 3)) {
            jaOut.append(ja.accept(chunk));
        }
        assertThat(jaOut.length()).isGreaterThanOrEqualTo(japanese.length() - 2 * 39);
        assertThat(jaOut + ja.finish()).isEqualTo(japanese);
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
        assertThat(screen.accept("Fine. ")).isEmpty();
        assertThat(screen.accept(POLICY.substring(0, 60))).isEmpty();
        assertThat(screen.blocked()).isTrue();
        assertThat(screen.accept(" and a lot more harmless text that would otherwise flow out. ".repeat(5))).isEmpty();
        assertThat(screen.finish()).isEqualTo(OutputGuard.REFUSAL);
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
