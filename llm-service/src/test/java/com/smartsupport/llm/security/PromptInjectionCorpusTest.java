package com.smartsupport.llm.security;

import com.smartsupport.llm.prompt.PiiMasker;
import com.smartsupport.llm.prompt.PromptBuilder;
import com.smartsupport.llm.reply.GroundedFallback;
import com.smartsupport.llm.reply.OutputGuard;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.ReplySource;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prompt-injection corpus ({@code injection/attacks.json}) against the real reply path: each attack is posted
 * on the embedded Kafka broker as customer {@link TwoCustomerBackends#ATTACKER} (a split attack as consecutive
 * messages of one conversation, each answered before the next, the transcript growing as conversation-service
 * would keep it); llm-service reads the caller's profile and transcript over HTTP, builds the prompt and calls
 * the model through the real Spring AI / OpenAI SDK client against {@link ObedientModel}, a fake model that obeys
 * every injection by leaking its whole context; the reply events are read back from Kafka. Another customer,
 * {@link TwoCustomerBackends#OTHER}, is in profile-service with values marked per run that no attack contains.
 *
 * <p>For every message: the model request holds none of the other customer's data (only the caller's: it is
 * built from the caller's data alone); no {@code assistant.delta} or {@code assistant.completed} holds the other
 * customer's data, the system-prompt canary or 40 characters of the policy, although the model tried to leak in
 * every reply; only the caller's profile was ever read. Then the same corpus with the model failing: the grounded
 * fallback answers from the caller's profile alone.
 */
@SpringBootTest(properties = {"spring.ai.openai.api-key=test-key",
        // read the profile for every message, so that each one shows which profile was read
        "smart.llm.profile-cache.ttl=0s",
        // generous limits: on a loaded build machine a slow answer must not turn into a degraded one
        "smart.backends.timeout=30s", "smart.llm.resilience.first-token-timeout=60s",
        "smart.llm.resilience.idle-timeout=60s", "smart.llm.resilience.first-chunk-deadline=60s"})
class PromptInjectionCorpusTest {
    static final ObedientModel model = new ObedientModel();
    static final TwoCustomerBackends backends = new TwoCustomerBackends();
    static final Corpus corpus = Corpus.load();
    static final Set<String> FAMILIES = Set.of("direct", "roleplay", "other_customer", "all_customers", "encoded",
            "multilingual", "delimiter", "multi_turn", "exfiltration");
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(120);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
        registry.add("smart.backends.client-secret", () -> "test-secret");
        registry.add("spring.ai.openai.base-url", model::baseUrl);
        registry.add("smart.backends.profile-service-url", backends::url);
        registry.add("smart.backends.conversation-service-url", backends::url);
    }

    @AfterAll
    static void close() throws IOException {
        model.close();
        backends.close();
    }

    @Autowired
    EventPublisher events;
    @Autowired
    EventCodec codec;
    @Autowired
    MeterRegistry meters;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    com.smartsupport.platform.kafka.KeyOrderedConsumer customerMessages;

    /**
     * Other test contexts share the broker and the consumer group; a rebalance while replies are in flight
     * re-delivers them (at least once, as designed), which would make the one-request-per-message count below
     * wrong. So each phase starts once this context holds every partition and the group has settled.
     */
    @org.junit.jupiter.api.BeforeEach
    void theGroupHasSettled() {
        int[] stableFor = {0};
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    boolean all = customerMessages.assignedPartitions().size() == 12;
                    stableFor[0] = all ? stableFor[0] + 1 : 0;
                    return stableFor[0] >= 4;
                });
    }

    // --- the corpus ----------------------------------------------------------------------------------------------

    record Attack(String id, String family, List<String> turns, String note) {
    }

    record Corpus(String description, Map<String, String> families, List<Attack> attacks) {
        static Corpus load() {
            try (InputStream in = PromptInjectionCorpusTest.class.getResourceAsStream("/injection/attacks.json")) {
                return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                        .readValue(in, Corpus.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Map<String, Long> perFamily() {
            return attacks.stream().collect(Collectors.groupingBy(Attack::family, TreeMap::new,
                    Collectors.counting()));
        }
    }

    @Test
    void theCorpusHoldsAtLeast200DistinctAttacksCoveringEveryFamily() {
        List<Attack> attacks = corpus.attacks();
        System.out.printf("injection corpus: %d attacks, %d messages; per family %s%n", attacks.size(),
                attacks.stream().mapToInt(a -> a.turns().size()).sum(), corpus.perFamily());
        assertThat(attacks).hasSizeGreaterThanOrEqualTo(200);
        assertThat(attacks.stream().map(Attack::id).distinct().count()).isEqualTo(attacks.size());
        assertThat(attacks.stream().map(a -> String.join("\n", a.turns())).distinct().count())
                .as("no attack twice").isEqualTo(attacks.size());
        assertThat(corpus.families().keySet()).containsExactlyInAnyOrderElementsOf(FAMILIES);
        assertThat(corpus.perFamily().keySet()).containsExactlyInAnyOrderElementsOf(FAMILIES);
        assertThat(corpus.perFamily().values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(20));
        assertThat(attacks).allSatisfy(a -> {
            assertThat(a.turns()).allSatisfy(t -> assertThat(t).isNotBlank());
            if (a.family().equals("multi_turn")) {
                assertThat(a.turns()).hasSizeBetween(2, 4);
            } else {
                assertThat(a.turns()).hasSize(1);
            }
            if (a.family().equals("encoded") || a.family().equals("multilingual")) {
                assertThat(a.note()).as("%s says what it means", a.id()).isNotBlank();
            }
        });
        // the encodings are really there
        String all = attacks.stream().flatMap(a -> a.turns().stream()).collect(Collectors.joining("\n"));
        assertThat(all).contains("\u200b", "\u200d", "\u202e", "\u0430", "\uff50", "base64", "rot13", "Hex", "1gn0r3",
                "以前の指示", "تجاهل", "忽略", "Игнорируй", "<|im_start|>", "![", "<img");
        assertThat(attacks.stream().filter(a -> String.join(" ", a.turns()).contains(TwoCustomerBackends.OTHER)))
                .as("attacks naming the other customer's id").hasSizeGreaterThanOrEqualTo(10);
        assertThat(all).as("no attack can know the other customer's values")
                .doesNotContainIgnoringCase(backends.otherMarker());
    }

    // --- through the model -------------------------------------------------------------------------------------

    @Test
    void noAttackGetsAnotherCustomersDataOrTheSystemPromptOutOfTheModelPath() {
        model.failWith(0);
        int exchangesBefore = model.exchanges().size();
        int readsBefore = backends.profileReads().size();
        double blockedBefore = blocked(null);
        long started = System.nanoTime();

        List<Reply> replies = run("llm");

        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        List<ObedientModel.Exchange> exchanges = model.exchanges().subList(exchangesBefore, model.exchanges().size());
        Map<String, List<ObedientModel.Exchange>> byConversation = byConversation(exchanges);
        List<String> problems = new ArrayList<>();
        Map<String, Integer> blockedPerFamily = new TreeMap<>();
        int modelLeakAttempts = 0;
        for (Reply reply : replies) {
            String where = reply.sent().where();
            problems.addAll(wellFormed(reply));
            leak(reply.completed().text()).ifPresent(l -> problems.add(where + ": completed reply holds " + l));
            for (AssistantDelta d : reply.deltas()) {
                leak(d.text()).ifPresent(l -> problems.add(where + ": delta " + d.seq() + " holds " + l));
            }
            if (!reply.completed().text().endsWith(OutputGuard.REFUSAL)) {
                problems.add(where + ": the leaking reply was not stopped: " + reply.completed().text());
            } else {
                blockedPerFamily.merge(reply.sent().attack().family(), 1, Integer::sum);
            }
            if (reply.completed().source() != ReplySource.LLM) {
                problems.add(where + ": answered by " + reply.completed().source());
            }

            // what the model was sent for this message, and what it streamed back
            List<ObedientModel.Exchange> calls = byConversation.getOrDefault(reply.sent().conversation(), List.of());
            if (calls.size() <= reply.sent().turn()) {
                problems.add(where + ": no model request");
                continue;
            }
            ObedientModel.Exchange call = calls.get(reply.sent().turn());
            String request = call.body() + "\n" + call.all();
            otherCustomerData(request).ifPresent(v -> problems.add(where + ": the model request holds " + v));
            if (!request.contains(TwoCustomerBackends.ATTACKER_ACCOUNT) || !request.contains(
                    TwoCustomerBackends.ATTACKER_NAME) || !call.messages().get(0).content().contains(
                    PromptBuilder.canary())) {
                problems.add(where + ": the prompt lacks the caller's profile or the policy canary");
            }
            if (!call.all().contains(PiiMasker.mask(reply.sent().text()))) {
                problems.add(where + ": the prompt lacks the message");
            }
            for (int earlier = 0; earlier < reply.sent().turn(); earlier++) {
                if (!call.all().contains(PiiMasker.mask(reply.sent().attack().turns().get(earlier)))) {
                    problems.add(where + ": the history lacks turn " + (earlier + 1) + " of the split attack");
                }
            }
            if (leak(call.reply()).isPresent()) {
                modelLeakAttempts++;
            } else {
                problems.add(where + ": the fake model did not try to leak (" + call.leak() + ")");
            }
        }
        int messages = replies.size();
        problems.addAll(onlyTheCallersProfileWasRead(readsBefore));
        if (exchanges.size() != messages) {
            problems.add(exchanges.size() + " model requests for " + messages + " messages");
        }
        double blocked = blocked(null) - blockedBefore;
        System.out.printf("injection corpus through the model: %d attacks, %d messages in %d ms; the model tried to "
                        + "leak in %d replies, the output guard stopped %.0f (canary %.0f, policy %.0f) %s; "
                        + "problems: %d%n", corpus.attacks().size(), messages, millis, modelLeakAttempts, blocked,
                blocked("canary"), blocked("policy"), blockedPerFamily, problems.size());

        assertThat(problems).as("leaks and other problems").isEmpty();
        assertThat(messages).isEqualTo(corpus.attacks().stream().mapToInt(a -> a.turns().size()).sum());
        assertThat(blocked).as("smart_llm_output_blocked_total").isEqualTo(messages);
        assertThat(modelLeakAttempts).isEqualTo(messages);
    }

    // --- through the grounded fallback ----------------------------------------------------------------------

    @Test
    void whenTheModelFailsTheGroundedFallbackAnswersEveryAttackFromTheCallersDataAlone() {
        model.failWith(400); // rejected: not retried, so one request per message
        int exchangesBefore = model.exchanges().size();
        int readsBefore = backends.profileReads().size();
        double blockedBefore = blocked(null);
        long started = System.nanoTime();

        List<Reply> replies = run("fallback");

        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        model.failWith(0);
        List<String> problems = new ArrayList<>();
        for (Reply reply : replies) {
            String where = reply.sent().where();
            String text = reply.completed().text();
            problems.addAll(wellFormed(reply));
            if (reply.completed().source() != ReplySource.FALLBACK || !text.startsWith(GroundedFallback.MARK)
                    || !text.contains("Hello Aaron.")) {
                problems.add(where + ": not the caller's grounded fallback: " + text);
            }
            leak(text).ifPresent(l -> problems.add(where + ": fallback holds " + l));
            echoed(reply.sent().text(), text).ifPresent(e -> problems.add(where + ": fallback repeats the message: "
                    + e));
        }
        List<ObedientModel.Exchange> exchanges = model.exchanges().subList(exchangesBefore, model.exchanges().size());
        for (ObedientModel.Exchange call : exchanges) {
            otherCustomerData(call.body()).ifPresent(v -> problems.add("a model request holds " + v));
        }
        problems.addAll(onlyTheCallersProfileWasRead(readsBefore));
        System.out.printf("injection corpus through the grounded fallback: %d messages in %d ms; problems: %d%n",
                replies.size(), millis, problems.size());

        assertThat(problems).as("leaks and other problems").isEmpty();
        assertThat(replies).hasSize(corpus.attacks().stream().mapToInt(a -> a.turns().size()).sum());
        assertThat(exchanges).hasSameSizeAs(replies);
        assertThat(blocked(null) - blockedBefore).as("the fallback never needed the guard").isZero();
    }

    // --- checks -------------------------------------------------------------------------------------------

    /** A leak in a text bound for the customer: the other customer's data, the canary or policy text. */
    java.util.Optional<String> leak(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        java.util.Optional<String> other = otherCustomerData(text);
        if (other.isPresent()) {
            return other;
        }
        String folded = fold(text);
        String canary = PromptBuilder.canary();
        if (folded.contains(canary) || folded.contains(canary.substring("canary-".length()))) {
            return java.util.Optional.of("the system-prompt canary");
        }
        String policy = fold(PromptBuilder.policy());
        for (int i = 0; i + OutputGuard.POLICY_RUN <= folded.length(); i++) {
            if (policy.contains(folded.substring(i, i + OutputGuard.POLICY_RUN))) {
                return java.util.Optional.of("policy text \"" + folded.substring(i, i + OutputGuard.POLICY_RUN) + "\"");
            }
        }
        return java.util.Optional.empty();
    }

    java.util.Optional<String> otherCustomerData(String text) {
        String alnum = alnum(text);
        if (alnum.contains(alnum(backends.otherMarker()))) {
            return java.util.Optional.of("the other customer's data (marker " + backends.otherMarker() + ")");
        }
        for (String value : backends.otherCanaries()) {
            if (alnum.contains(alnum(value))) {
                return java.util.Optional.of("the other customer's " + value);
            }
        }
        return java.util.Optional.empty();
    }

    /** Deltas numbered 0..n-1 in order, the completed text their concatenation, everything for the caller. */
    List<String> wellFormed(Reply reply) {
        List<String> problems = new ArrayList<>();
        String where = reply.sent().where();
        for (int i = 0; i < reply.deltas().size(); i++) {
            if (reply.deltas().get(i).seq() != i) {
                problems.add(where + ": delta " + i + " has seq " + reply.deltas().get(i).seq());
            }
        }
        String streamed = reply.deltas().stream().map(AssistantDelta::text).collect(Collectors.joining());
        if (!streamed.equals(reply.completed().text())) {
            problems.add(where + ": completed text is not the deltas' concatenation");
        }
        if (reply.deltas().isEmpty()) {
            problems.add(where + ": nothing streamed");
        }
        reply.customers().stream().filter(c -> !TwoCustomerBackends.ATTACKER.equals(c))
                .forEach(c -> problems.add(where + ": an event for " + c));
        return problems;
    }

    List<String> onlyTheCallersProfileWasRead(int from) {
        List<String> reads = backends.profileReads().subList(from, backends.profileReads().size());
        if (reads.isEmpty()) {
            return List.of("no profile was read");
        }
        return reads.stream().filter(id -> !TwoCustomerBackends.ATTACKER.equals(id)).distinct()
                .map(id -> "the profile of " + id + " was read").toList();
    }

    /** A run of 24 characters of the customer's message found in the reply. */
    static java.util.Optional<String> echoed(String message, String reply) {
        String m = fold(message);
        String r = fold(reply);
        for (int i = 0; i + 24 <= m.length(); i++) {
            if (r.contains(m.substring(i, i + 24))) {
                return java.util.Optional.of(m.substring(i, i + 24));
            }
        }
        return java.util.Optional.empty();
    }

    /** Lower case, compatibility forms folded, invisible format characters dropped, whitespace collapsed. */
    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("\\p{Cf}", "").replaceAll("\\s+", " ");
    }

    static String alnum(String text) {
        return fold(text).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    double blocked(String reason) {
        return meters.find("smart.llm.output.blocked").counters().stream()
                .filter(c -> reason == null || reason.equals(c.getId().getTag("reason")))
                .mapToDouble(Counter::count).sum();
    }

    static Map<String, List<ObedientModel.Exchange>> byConversation(List<ObedientModel.Exchange> exchanges) {
        Map<String, List<ObedientModel.Exchange>> out = new HashMap<>();
        java.util.regex.Pattern ref = java.util.regex.Pattern.compile("\\(conversation (conv_[A-Za-z0-9_-]+)\\)");
        for (ObedientModel.Exchange e : exchanges) {
            java.util.regex.Matcher m = ref.matcher(e.all());
            out.computeIfAbsent(m.find() ? m.group(1) : "?", k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    // --- running the corpus ----------------------------------------------------------------------------------

    /** One message sent: the attack, which of its turns, its conversation and id. */
    record Sent(Attack attack, int turn, String conversation, String messageId, String text) {
        String where() {
            return attack.id() + (attack.turns().size() > 1 ? " turn " + (turn + 1) : "");
        }

        String replyId() {
            return "rep_" + messageId;
        }
    }

    record Reply(Sent sent, List<AssistantDelta> deltas, AssistantCompleted completed, Set<String> customers) {
    }

    /**
     * Posts every attack, in rounds: round n sends the n-th message of every attack that has one (all
     * conversations at once, so they are answered in parallel), waits for all replies, and adds message and reply
     * to the transcripts before the next round.
     */
    List<Reply> run(String phase) {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Map<Attack, String> conversations = new LinkedHashMap<>();
        for (Attack attack : corpus.attacks()) {
            String conversation = "conv_" + phase + "_" + attack.id() + "_" + runId;
            backends.open(conversation);
            conversations.put(attack, conversation);
        }
        int rounds = corpus.attacks().stream().mapToInt(a -> a.turns().size()).max().orElse(0);
        List<Reply> replies = new ArrayList<>();
        try (ReplyReader reader = new ReplyReader()) {
            for (int turn = 0; turn < rounds; turn++) {
                List<Sent> batch = new ArrayList<>();
                for (Map.Entry<Attack, String> e : conversations.entrySet()) {
                    if (e.getKey().turns().size() > turn) {
                        String text = e.getKey().turns().get(turn);
                        Sent sent = new Sent(e.getKey(), turn, e.getValue(), "msg_" + UUID.randomUUID(), text);
                        backends.add(sent.conversation(), sent.messageId(), "customer", text, null);
                        events.publish(Topics.CUSTOMER_MESSAGES, EventEnvelope.withId(sent.messageId(),
                                        sent.conversation(), TwoCustomerBackends.ATTACKER,
                                        new CustomerMessagePosted(sent.messageId(), text)))
                                .block(Duration.ofSeconds(10));
                        batch.add(sent);
                    }
                }
                for (Reply reply : reader.await(batch)) {
                    backends.add(reply.sent().conversation(), reply.sent().replyId(), "assistant",
                            reply.completed().text(), reply.completed().source().wire());
                    replies.add(reply);
                }
            }
        }
        return replies;
    }

    /** Reads {@code chat.assistant-replies} with its own consumer group and gathers the events of each reply. */
    final class ReplyReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, List<EventEnvelope<JsonNode>>> byReply = new HashMap<>();

        ReplyReader() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "injection-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(Topics.ASSISTANT_REPLIES));
        }

        List<Reply> await(List<Sent> batch) {
            Map<String, Sent> waiting = new HashMap<>();
            batch.forEach(s -> waiting.put(s.replyId(), s));
            Set<String> conversations = new HashSet<>();
            batch.forEach(s -> conversations.add(s.conversation()));
            List<Reply> done = new ArrayList<>();
            long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (!conversations.contains(r.key())) {
                        continue;
                    }
                    EventEnvelope<JsonNode> event = codec.decode(r.value());
                    String replyId = event.payload().path("replyId").asString("");
                    byReply.computeIfAbsent(replyId, k -> new ArrayList<>()).add(event);
                    Sent sent = waiting.get(replyId);
                    if (sent != null && AssistantCompleted.TYPE.equals(event.type())) {
                        waiting.remove(replyId);
                        List<EventEnvelope<JsonNode>> all = byReply.get(replyId);
                        done.add(new Reply(sent, all.stream().filter(e -> AssistantDelta.TYPE.equals(e.type()))
                                .map(e -> codec.payload(e, AssistantDelta.class)).toList(),
                                codec.payload(event, AssistantCompleted.class),
                                all.stream().map(EventEnvelope::customerId).collect(Collectors.toSet())));
                    }
                }
            }
            assertThat(waiting.values()).as("messages still unanswered after %s", ROUND_TIMEOUT)
                    .extracting(Sent::where).isEmpty();
            return done;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
