package com.smartsupport.platform.testsupport;

import com.smartsupport.platform.testsupport.FakeOpenAi.ToolCall;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model with tools, deterministic: a {@link FakeOpenAi.Behaviour} that reads only the chat request, as a real
 * model would, and acts on it.
 * <ul>
 *   <li>Tools offered and the last message the customer's: it recognises plain intents in the customer's text (return
 *       or send back an item; pause the plan for N months; cancel the plan; contact me by X; where is my order;
 *       warranty; can I return X; talk to a person) and calls the matching tool(s). The order is the id the text
 *       names (whether or not it is this customer's: the tools must refuse another's), else the purchase whose
 *       product words the text names, from the purchase lines of the prompt's system messages
 *       ({@code - ORD-80455; SoundWave ANC Headphones; model …}). When several purchases fit equally it asks which
 *       one, in words; the next message that names one carries the earlier intent on.</li>
 *   <li>The last messages the tools' answers: it answers in words from them only: a proposal is
 *       {@value #PROPOSED}; a refusal or "not found" is its message; a failure is an honest sentence offering a
 *       person; a read states its facts.</li>
 *   <li>Anything else (no tools, no intent it knows: a policy question, small talk, a summary request): no rule
 *       applies, {@link #answer(String)} is empty and {@link #answer(int, String)} hands the request to the
 *       behaviour it was composed with.</li>
 * </ul>
 * Text answers stream in chunks of a few words, as a model streams them.
 */
public final class ScriptedModel implements FakeOpenAi.Behaviour {
    public static final String PROPOSED = "I've prepared that: please check the card below and confirm it.";
    public static final String ALREADY_WAITING =
            "The card for that is already waiting below: please confirm or decline it.";
    public static final String FAILED = "I'm sorry, I couldn't check or do that right now because our systems did"
            + " not answer. I can connect you with a person if you like: press \"Talk to a person\".";
    public static final String HANDED_OFF =
            "I've asked a person to join: you're in line for an agent, who will" + " answer here.";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern ORDER_ID =
            Pattern.compile("\\bORD-[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]", Pattern.CASE_INSENSITIVE);
    private static final Pattern PURCHASE_LINE = Pattern.compile("^- (ORD-[A-Z0-9-]+); ([^;\\n]+)", Pattern.MULTILINE);
    private static final String PLAN = "(plan|subscription|techcare|membership)";
    private static final String CHANNEL = "(e-?mail|phone|sms|text(?: messages?)?|chat)";

    private static final Pattern PERSON = Pattern.compile(
            "\\b(talk|speak|chat|connect me)\\b.{0,25}\\b(person|human|agent|someone|somebody|representative)\\b"
                    + "|\\b(real|live) (person|human|agent)\\b|\\bhuman agent\\b");
    private static final Pattern POLICY =
            Pattern.compile("^(how|what|why)\\b|\\bhow (long|many days|do|does|much)\\b|\\b(return|refund) policy\\b");
    private static final Pattern ELIGIBILITY =
            Pattern.compile("\\b(can|could|may) i (still )?(return|send back)\\b|\\breturnable\\b|\\beligible\\b"
                    + "|\\bstill (be )?return");
    private static final Pattern RETURN =
            Pattern.compile("\\breturn\\b|\\bsend (it |them )?back\\b|\\brefund (for|on)\\b|\\breturns\\b");
    private static final Pattern PAUSE =
            Pattern.compile("\\bpause\\b.{0,40}\\b" + PLAN + "\\b|\\b" + PLAN + "\\b.{0,40}\\bpause");
    private static final Pattern CANCEL =
            Pattern.compile("\\bcancel\\b.{0,40}\\b" + PLAN + "\\b|\\b" + PLAN + "\\b.{0,40}\\bcancel");
    private static final Pattern CONTACT =
            Pattern.compile("\\b(contact|reach|message|call|text|e-?mail|notify|write to) me\\b[^.?!]{0,30}?"
                    + "\\b(by|via|through|on|over|with|using) (an? )?" + CHANNEL + "\\b"
                    + "|\\bprefer(red)? (to be contacted |contact |contacting )?(is |by |via )?" + CHANNEL + "\\b"
                    + "|\\b(switch|change)\\b[^.?!]{0,40}\\bto " + CHANNEL + "\\b");
    private static final Pattern MONTHS = Pattern.compile("\\b(\\d+|one|two|three|four|five|six|a) months?\\b");
    private static final Pattern WARRANTY = Pattern.compile("\\bwarrant(y|ies)\\b|\\bguarantee\\b");
    private static final Pattern SUBSCRIPTION_QUESTION =
            Pattern.compile("\\b" + PLAN + "\\b.{0,40}\\b(status|renew|renews|renewal|active|details)\\b"
                    + "|\\b(what|which|when)\\b.{0,30}\\b" + PLAN + "\\b");
    private static final Pattern STATUS =
            Pattern.compile("\\bwhere\\b.{0,30}\\b(order|parcel|package|delivery|my)\\b|\\bstatus\\b|\\btrack(ing)?\\b"
                    + "|\\bwhen will\\b.{0,40}\\b(arrive|come|ship|be delivered)\\b|\\bshipped yet\\b");
    private static final Set<String> GENERIC = Set.of(
            "with", "from", "pro", "plus", "mini", "wireless", "smart", "the", "and", "for", "air", "max", "new");

    private final FakeOpenAi.Behaviour otherwise;

    /** Answers what no rule covers as {@link FakeOpenAi}'s default does ("Hello there."). */
    public ScriptedModel() {
        this((call, body) -> FakeOpenAi.stream(List.of("Hello", " there."), 10, 2));
    }

    /** Answers what no rule covers with this behaviour. */
    public ScriptedModel(FakeOpenAi.Behaviour otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public MockResponse answer(int call, String body) {
        return answer(body).orElseGet(() -> otherwise.answer(call, body));
    }

    /** The model's turn for this request, or empty when no rule applies (compose with another behaviour). */
    public Optional<MockResponse> answer(String body) {
        return decide(body).map(turn -> switch (turn) {
            case Turn.Calls calls -> FakeOpenAi.toolCalls(calls.calls(), 300, 20);
            case Turn.Text text -> FakeOpenAi.stream(chunks(text.text()), 400, 30);
        });
    }

    /** What the model does next: call tools or say something. */
    public sealed interface Turn {
        record Calls(List<ToolCall> calls) implements Turn {}

        record Text(String text) implements Turn {}
    }

    /** The turn for this request body, or empty when no rule applies. */
    public static Optional<Turn> decide(String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<JsonNode> messages = new ArrayList<>();
        request.path("messages").forEach(messages::add);
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        JsonNode last = messages.getLast();
        String role = last.path("role").asString("");
        if (role.equals("tool")) {
            return Optional.of(new Turn.Text(afterTools(messages)));
        }
        boolean toolsOffered =
                request.path("tools").isArray() && !request.path("tools").isEmpty();
        if (!toolsOffered || !role.equals("user")) {
            return Optional.empty();
        }
        Map<String, String> purchases = purchases(messages);
        String text = content(last);
        Optional<Turn> turn = forMessage(text, purchases);
        if (turn.isPresent()) {
            return turn;
        }
        // "the one from ORD-x": the intent of the customer's message before, if the assistant asked which order
        return carriedOver(messages, text, purchases);
    }

    // ---- the customer's message

    private static Optional<Turn> forMessage(String original, Map<String, String> purchases) {
        String text = normalise(original);
        if (text.isBlank()) {
            return Optional.empty();
        }
        if (PERSON.matcher(text).find()) {
            return Optional.of(calls(List.of(call(
                    "ask_for_human", Map.of("why", "customer_asked", "reason", "the customer asked for a person")))));
        }
        List<String[]> writes = new ArrayList<>(); // tool, arguments as JSON
        List<String> named = orderIds(original);
        boolean question = ELIGIBILITY.matcher(text).find();
        boolean aboutReturns = RETURN.matcher(text).find();
        // "how long do I have to return…?": how the policy works, which the knowledge articles answer
        boolean policy = aboutReturns && named.isEmpty() && POLICY.matcher(text).find();
        if (aboutReturns && !question && !policy) {
            List<String> orders = named.isEmpty() ? byProduct(text, purchases) : named;
            if (orders.isEmpty() && purchases.size() == 1) {
                orders = List.copyOf(purchases.keySet());
            }
            if (purchases.isEmpty() && orders.isEmpty()) {
                return Optional.of(new Turn.Text("I can't find any orders on your account to return."));
            }
            // two different products named ("my tablet and my charger"): both; the same product twice: which one?
            boolean distinct = orders.stream().map(purchases::get).distinct().count() == orders.size();
            if ((orders.isEmpty() || !distinct) && named.isEmpty()) {
                return Optional.of(whichOrder("return", purchases, orders));
            }
            for (String order : orders.subList(0, Math.min(3, orders.size()))) {
                writes.add(new String[] {"start_return", json(Map.of("orderId", order, "reason", reason(text)))});
            }
        }
        if (PAUSE.matcher(text).find()) {
            writes.add(new String[] {"pause_subscription", "{\"months\":" + months(text) + "}"});
        } else if (CANCEL.matcher(text).find() && !text.contains("order")) {
            writes.add(new String[] {"cancel_subscription", "{}"});
        }
        Matcher contact = CONTACT.matcher(text);
        if (contact.find()) {
            writes.add(new String[] {"change_contact_preference", json(Map.of("channel", channel(contact)))});
        }
        if (!writes.isEmpty()) {
            List<ToolCall> calls = new ArrayList<>();
            for (String[] w : writes) {
                calls.add(new ToolCall("call_" + (calls.size() + 1), w[0], w[1]));
            }
            return Optional.of(new Turn.Calls(calls));
        }
        if (policy) {
            return Optional.empty(); // how the shop's policies work: the knowledge articles answer that
        }
        String read = question
                ? "return_eligibility"
                : WARRANTY.matcher(text).find()
                        ? "warranty_status"
                        : SUBSCRIPTION_QUESTION.matcher(text).find()
                                ? "subscription_details"
                                : STATUS.matcher(text).find() ? "order_status" : null;
        if (read == null) {
            return Optional.empty();
        }
        if (read.equals("subscription_details")) {
            return Optional.of(calls(List.of(call(read, Map.of()))));
        }
        List<String> orders = named.isEmpty() ? byProduct(text, purchases) : named;
        if (orders.isEmpty() && purchases.size() == 1) {
            orders = List.copyOf(purchases.keySet());
        }
        if (orders.size() != 1) {
            return purchases.isEmpty()
                    ? Optional.empty()
                    : Optional.of(whichOrder(read.equals("order_status") ? "check" : "look at", purchases, orders));
        }
        return Optional.of(calls(List.of(call(read, Map.of("orderId", orders.getFirst())))));
    }

    private static Optional<Turn> carriedOver(List<JsonNode> messages, String text, Map<String, String> purchases) {
        List<String> named = orderIds(text);
        List<String> products = byProduct(normalise(text), purchases);
        if (named.isEmpty() && products.size() != 1) {
            return Optional.empty();
        }
        String asked = null;
        String earlier = null;
        for (int i = messages.size() - 2; i >= 0; i--) {
            String role = messages.get(i).path("role").asString("");
            if (asked == null && role.equals("assistant")) {
                asked = content(messages.get(i));
            } else if (asked != null && role.equals("user")) {
                earlier = content(messages.get(i));
                break;
            }
        }
        if (asked == null || earlier == null || !asked.startsWith("Which order")) {
            return Optional.empty();
        }
        String order = named.isEmpty() ? products.getFirst() : named.getFirst();
        return forMessage(earlier + " (order " + order + ")", purchases);
    }

    private static Turn whichOrder(String what, Map<String, String> purchases, List<String> candidates) {
        List<String> shown = candidates.size() > 1 ? candidates : List.copyOf(purchases.keySet());
        return new Turn.Text("Which order would you like me to " + what + "? "
                + shown.stream()
                        .limit(5)
                        .map(id -> id + " (" + purchases.getOrDefault(id, "?") + ")")
                        .collect(Collectors.joining(", "))
                + ".");
    }

    /** The purchases whose product words the text names most, if the best is one order (or a tie: all of them). */
    static List<String> byProduct(String text, Map<String, String> purchases) {
        Set<String> words = new HashSet<>(List.of(text.split("[^\\p{L}\\p{N}]+")));
        int best = 0;
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> p : purchases.entrySet()) {
            int n = 0;
            for (String word : normalise(p.getValue()).split("[^\\p{L}\\p{N}]+")) {
                String singular = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
                if (word.length() >= 3
                        && !GENERIC.contains(word)
                        && (words.contains(word) || words.contains(singular) || words.contains(word + "s"))) {
                    n++;
                }
            }
            if (n > best) {
                best = n;
                found.clear();
            }
            if (n == best && n > 0) {
                found.add(p.getKey());
            }
        }
        return found;
    }

    /** The order ids the prompt's system messages list, with their product, in order of appearance. */
    static Map<String, String> purchases(List<JsonNode> messages) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode m : messages) {
            if (!m.path("role").asString("").equals("system")) {
                continue;
            }
            Matcher line = PURCHASE_LINE.matcher(content(m));
            while (line.find()) {
                out.putIfAbsent(line.group(1), line.group(2).trim());
            }
        }
        return out;
    }

    private static List<String> orderIds(String text) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ORDER_ID.matcher(text);
        while (m.find()) {
            ids.add(m.group().toUpperCase(Locale.ROOT));
        }
        return List.copyOf(ids);
    }

    private static String reason(String text) {
        if (text.matches(
                "(?s).*\\b(broken|faulty|defective|stopped working|not working|doesn'?t work|dead|fault)\\b.*")) {
            return "faulty";
        }
        if (text.matches("(?s).*\\b(damaged|cracked|scratched|dented|smashed)\\b.*")) {
            return "damaged";
        }
        if (text.matches("(?s).*\\b(wrong item|wrong one|wrong colou?r|wrong size|not what i ordered)\\b.*")) {
            return "wrong_item";
        }
        return "changed_mind";
    }

    private static int months(String text) {
        Matcher m = MONTHS.matcher(text);
        if (!m.find()) {
            return 1;
        }
        return switch (m.group(1)) {
            case "a", "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "six" -> 6;
            default -> Integer.parseInt(m.group(1));
        };
    }

    private static String channel(Matcher contact) {
        String named = null;
        for (int g = contact.groupCount(); g >= 1 && named == null; g--) {
            String v = contact.group(g);
            if (v != null && v.matches(CHANNEL)) {
                named = v;
            }
        }
        if (named == null) {
            return "email";
        }
        return named.startsWith("e") ? "email" : named.startsWith("text") || named.equals("sms") ? "sms" : named;
    }

    // ---- after the tools answered

    private static String afterTools(List<JsonNode> messages) {
        int i = messages.size() - 1;
        while (i >= 0 && messages.get(i).path("role").asString("").equals("tool")) {
            i--;
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (i >= 0) {
            messages.get(i)
                    .path("tool_calls")
                    .forEach(c -> names.put(
                            c.path("id").asString(""),
                            c.path("function").path("name").asString("")));
        }
        List<String> sentences = new ArrayList<>();
        for (JsonNode m : messages.subList(i + 1, messages.size())) {
            String tool = names.getOrDefault(m.path("tool_call_id").asString(""), "");
            JsonNode answer;
            try {
                answer = JSON.readTree(content(m));
            } catch (RuntimeException e) {
                answer = JSON.createObjectNode();
            }
            String sentence = sentence(tool, answer);
            if (!sentence.isBlank() && !sentences.contains(sentence)) {
                sentences.add(sentence);
            }
        }
        return sentences.isEmpty() ? FAILED : String.join(" ", sentences);
    }

    static String sentence(String tool, JsonNode a) {
        if (a.has("error")) {
            return FAILED;
        }
        if (a.path("proposed").asBoolean(false)) {
            return a.path("note").asString("").contains("already waiting") ? ALREADY_WAITING : PROPOSED;
        }
        if (a.has("done") && !a.path("done").asBoolean(true)) {
            return a.path("message").asString("That could not be done.");
        }
        if (a.path("handedOff").asBoolean(false)) {
            return HANDED_OFF;
        }
        String order = a.path("orderId").asString("");
        String product = a.path("product").asString("");
        return switch (tool) {
            case "order_status" ->
                "Order " + order + " (" + product + ") is "
                        + a.path("orderStatus").asString("unknown")
                        + (a.path("shippingStatus").isNull()
                                        || a.path("shippingStatus").isMissingNode()
                                ? "."
                                : "; shipping: " + a.path("shippingStatus").asString() + ".");
            case "warranty_status" -> {
                String end = a.path("warrantyEnd").asString("");
                if (end.isEmpty()) {
                    yield "I have no warranty date on record for order " + order + ".";
                }
                yield a.path("underWarranty").asBoolean(false)
                        ? "Your " + product + " (order " + order + ") is under warranty until " + end + "."
                        : "The warranty of your " + product + " (order " + order + ") ended on " + end + ".";
            }
            case "return_eligibility" -> {
                String explanation = a.path("explanation").asString("");
                if (a.path("eligible").asBoolean(false)
                        && !a.path("refundAmount").isNull()
                        && !a.path("refundAmount").isMissingNode()) {
                    yield explanation + " The refund would be "
                            + a.path("currency").asString("") + " "
                            + a.path("refundAmount").asString() + ".";
                }
                yield explanation;
            }
            case "subscription_details" -> {
                String plan = a.path("plan").asString("");
                if (plan.isEmpty() || plan.equalsIgnoreCase("none")) {
                    yield "You have no plan on this account.";
                }
                yield "Your " + plan + " plan is " + a.path("status").asString("unknown")
                        + (a.path("renewsOn").isNull() || a.path("renewsOn").isMissingNode()
                                ? "."
                                : "; it renews on " + a.path("renewsOn").asString() + ".");
            }
            default -> "";
        };
    }

    // ---- helpers

    private static Turn calls(List<ToolCall> calls) {
        return new Turn.Calls(calls);
    }

    private static ToolCall call(String name, Map<String, String> arguments) {
        return new ToolCall("call_1", name, json(arguments));
    }

    private static String json(Map<String, String> fields) {
        return JSON.writeValueAsString(fields);
    }

    private static String content(JsonNode message) {
        JsonNode c = message.path("content");
        if (c.isArray()) {
            StringBuilder s = new StringBuilder();
            c.forEach(part -> s.append(part.path("text").asString("")));
            return s.toString();
        }
        return c.isNull() || c.isMissingNode() ? "" : c.asString("");
    }

    /** The text in pieces of three words, as a model streams it. */
    static List<String> chunks(String text) {
        String[] words = text.split("(?<= )");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.length; i += 3) {
            StringBuilder piece = new StringBuilder();
            for (int j = i; j < Math.min(words.length, i + 3); j++) {
                piece.append(words[j]);
            }
            out.add(piece.toString());
        }
        return out;
    }

    static String normalise(String s) {
        return s == null
                ? ""
                : Normalizer.normalize(s, Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "")
                        .replace('’', '\'')
                        .toLowerCase(Locale.ROOT)
                        .trim();
    }
}
