package com.smartsupport.llm.assist;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.llm.conversation.Transcript;
import com.smartsupport.llm.handoff.HandoffDetector;
import com.smartsupport.llm.handoff.SentimentLabel;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.prompt.PromptBuilder;
import com.smartsupport.llm.prompt.PromptBuilder.BuiltPrompt;
import com.smartsupport.llm.prompt.PromptBuilder.PromptMessage;
import com.smartsupport.llm.prompt.PromptBuilder.Role;
import com.smartsupport.llm.reply.GroundedFallback;
import com.smartsupport.llm.reply.Grounding;
import com.smartsupport.llm.reply.OutputGuard;
import com.smartsupport.llm.resilience.ReplyChunk;
import com.smartsupport.llm.resilience.ResilientModel;
import com.smartsupport.platform.privacy.SecretRedactor;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Helps the human agent who takes over: a summary of the conversation (issue, what was tried, sentiment, next
 * step) and a draft reply. Both come from the model when it is available and fall back to deterministic versions
 * built from the transcript and the profile, so the agent always gets something. The summary's sentiment starts
 * with {@code negative}, {@code neutral} or {@code positive}: the model's when it answers with one of them,
 * otherwise the sentiment lexicon's followed by its signals.
 */
@Service
public class AgentAssist {
    private static final Logger log = LoggerFactory.getLogger(AgentAssist.class);
    static final String SUMMARY_INSTRUCTIONS = """
            You summarise a customer support conversation for the human agent who takes it over.
            Answer with one JSON object and nothing else, with the keys "issue", "tried", "sentiment" and \
            "nextStep": "sentiment" is the customer's, one word: negative, neutral or positive; the others a \
            short sentence each. Use only the transcript and the customer profile given.""";
    static final String DRAFT_INSTRUCTIONS = """
            Draft the next reply for the human support agent to edit and send to this customer. Write as the \
            agent, in the customer's language, briefly; use only facts from the profile and the conversation.""";

    public record Summary(String source, String issue, String tried, String sentiment, String nextStep) {}

    public record Draft(
            String source, @Schema(requiredMode = REQUIRED) String text) {}

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** The model, when one is configured; without it both answers are the deterministic ones. */
    private final Optional<ResilientModel> model;

    private final PromptBuilder prompts;
    private final HandoffDetector detector;
    private final GroundedFallback fallback;
    private final OutputGuard guard;
    private final Grounding grounding;

    AgentAssist(
            Optional<ResilientModel> model,
            PromptBuilder prompts,
            HandoffDetector detector,
            GroundedFallback fallback,
            OutputGuard guard,
            Grounding grounding) {
        this.model = model;
        this.prompts = prompts;
        this.detector = detector;
        this.fallback = fallback;
        this.guard = guard;
        this.grounding = grounding;
    }

    public Mono<Summary> summarise(CustomerProfile profile, Transcript transcript) {
        Summary plain = deterministicSummary(transcript);
        if (model.isEmpty()) {
            return Mono.just(plain);
        }
        List<PromptMessage> messages = List.of(
                new PromptMessage(Role.SYSTEM, SUMMARY_INSTRUCTIONS),
                new PromptMessage(Role.SYSTEM, prompts.profileSummary(profile, 400)),
                new PromptMessage(Role.USER, prompts.truncate(transcriptText(transcript), 2000)));
        return complete(model.get(), messages)
                .map(text -> {
                    String body = text.substring(Math.max(0, text.indexOf('{')), text.lastIndexOf('}') + 1);
                    Summary s = json.readValue(body, Summary.class);
                    // the model's label when it gives one of the three; otherwise the lexicon's
                    String sentiment = SentimentLabel.normalise(s.sentiment()).orElse(plain.sentiment());
                    return new Summary("llm", s.issue(), s.tried(), sentiment, s.nextStep());
                })
                .onErrorResume(e -> {
                    log.warn("model summary unavailable ({}); using the deterministic one", e.toString());
                    return Mono.just(plain);
                });
    }

    /**
     * A draft reply for the agent: it may use internal articles (agent procedures) as well as public ones, since
     * the agent reads it before anything reaches the customer.
     */
    public Mono<Draft> draft(CustomerProfile profile, Transcript transcript) {
        String last = lastCustomerMessage(transcript).orElse("");
        return grounding.forAgent(last).flatMap(passages -> {
            Draft plain = new Draft("fallback", fallback.draft(profile, last, passages));
            if (model.isEmpty()) {
                return Mono.just(plain);
            }
            BuiltPrompt prompt = prompts.build(profile, transcript, "agent-draft", last, passages);
            List<PromptMessage> messages = new ArrayList<>(prompt.messages());
            messages.add(messages.size() - 1, new PromptMessage(Role.SYSTEM, DRAFT_INSTRUCTIONS));
            // the draft is meant to be sent to the customer: one that repeats the instructions is not offered
            return complete(model.get(), messages)
                    .map(text -> guard.check("draft for " + transcript.conversationId(), text)
                                    .isPresent()
                            ? plain
                            : new Draft("llm", text.trim()))
                    .onErrorResume(e -> Mono.just(plain));
        });
    }

    Summary deterministicSummary(Transcript transcript) {
        List<Transcript.Turn> turns = transcript.messages();
        List<String> customer = turns.stream()
                .filter(t -> t.role() == Transcript.Role.CUSTOMER)
                .map(Transcript.Turn::text)
                .toList();
        long answers = turns.stream()
                .filter(t -> t.role() == Transcript.Role.ASSISTANT)
                .count();
        long automatic = turns.stream()
                .filter(t -> t.role() == Transcript.Role.ASSISTANT && "fallback".equals(t.source()))
                .count();
        String issue = customer.isEmpty()
                ? "No message from the customer yet."
                : "The customer wrote: \"" + firstWords(SecretRedactor.redact(customer.get(0)), 25) + "\"";
        String tried = answers == 0
                ? "Nothing yet: no assistant answer."
                : answers + " assistant answer(s)" + (automatic > 0 ? ", " + automatic + " of them automatic" : "")
                        + "; the last: \""
                        + firstWords(
                                turns.stream()
                                        .filter(t -> t.role() == Transcript.Role.ASSISTANT)
                                        .reduce((a, b) -> b)
                                        .map(Transcript.Turn::text)
                                        .orElse(""),
                                20)
                        + "\"";
        // the sentiment lexicon over the customer's messages: negative, neutral or positive, then its signals
        String sentiment = SentimentLabel.describe(detector.conversationSentiment(customer));
        return new Summary("fallback", issue, tried, sentiment, nextStep(String.join(" ", customer)));
    }

    static String nextStep(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.matches("(?s).*(refund|return|money back|rembours|devol).*")) {
            return "Check whether the order can still be returned and offer the return or refund.";
        }
        if (t.matches("(?s).*(deliver|shipping|parcel|package|arriv|colis|envío|livraison).*")) {
            return "Check the carrier's tracking for the order and give the customer a date.";
        }
        if (t.matches("(?s).*(warrant|broken|defect|repair|garantie).*")) {
            return "Check the warranty end date and offer a repair or replacement.";
        }
        if (t.matches("(?s).*(charge|bill|invoice|payment|paid|factur).*")) {
            return "Check the payments on the account and correct any wrong charge.";
        }
        return "Confirm what the customer needs, then resolve it or set a clear follow-up.";
    }

    private static Mono<String> complete(ResilientModel model, List<PromptMessage> messages) {
        return model.stream(new BuiltPrompt(messages, 0)).map(ReplyChunk::text).reduce("", String::concat);
    }

    private static Optional<String> lastCustomerMessage(Transcript transcript) {
        return transcript.messages().stream()
                .filter(t -> t.role() == Transcript.Role.CUSTOMER)
                .map(Transcript.Turn::text)
                .reduce((a, b) -> b);
    }

    private static String transcriptText(Transcript transcript) {
        StringBuilder out = new StringBuilder("Transcript:\n");
        for (Transcript.Turn t : transcript.messages()) {
            out.append(t.role() == null ? null : t.role().wire())
                    .append(": ")
                    .append(SecretRedactor.redact(t.text()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String firstWords(String text, int n) {
        String[] words = text.trim().split("\\s+");
        return words.length <= n ? text.trim() : String.join(" ", Arrays.copyOf(words, n)) + " …";
    }
}
