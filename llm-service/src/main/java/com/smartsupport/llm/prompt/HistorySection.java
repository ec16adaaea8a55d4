package com.smartsupport.llm.prompt;

import com.smartsupport.llm.conversation.Transcript;
import com.smartsupport.llm.prompt.PromptBuilder.PromptMessage;
import com.smartsupport.llm.prompt.PromptBuilder.Role;
import com.smartsupport.platform.privacy.SecretRedactor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The conversation so far: the most recent turns verbatim (newest first until the budget is spent), and a short
 * summary of the older ones, in the space kept for it.
 */
final class HistorySection {
    /** Recent turns as chat messages, the summary of older ones ("" when none), and the tokens they take. */
    record History(List<PromptMessage> recent, String older, int tokens) {}

    private final TokenCounter tokens;

    HistorySection(TokenCounter tokens) {
        this.tokens = tokens;
    }

    History build(Transcript transcript, String messageId, int available, int maxTurnTokens, int maxSummaryTokens) {
        List<Transcript.Turn> earlier = transcript == null
                ? List.of()
                : transcript.messages().stream()
                        .filter(t -> !Objects.equals(t.messageId(), messageId))
                        .filter(t -> t.role() != Transcript.Role.SYSTEM
                                && t.text() != null
                                && !t.text().isBlank())
                        .toList();
        int left = available;
        int summaryReserve = earlier.isEmpty() ? 0 : Math.min(maxSummaryTokens, left / 4);
        List<PromptMessage> recent = new ArrayList<>();
        int cut = earlier.size();
        int used = 0;
        for (int i = earlier.size() - 1; i >= 0; i--) {
            Transcript.Turn turn = earlier.get(i);
            String text = tokens.truncate(SecretRedactor.redact(label(turn)), maxTurnTokens);
            int cost = tokens.count(text) + PromptBuilder.PER_MESSAGE;
            if (cost > left - summaryReserve) {
                break;
            }
            left -= cost;
            used += cost;
            Role role = turn.role() == Transcript.Role.CUSTOMER ? Role.USER : Role.ASSISTANT;
            recent.add(0, new PromptMessage(role, text));
            cut = i;
        }
        String older =
                olderTurnsSummary(earlier.subList(0, cut), Math.min(summaryReserve, left - PromptBuilder.PER_MESSAGE));
        used += older.isEmpty() ? 0 : tokens.count(older) + PromptBuilder.PER_MESSAGE;
        return new History(recent, older, used);
    }

    String olderTurnsSummary(List<Transcript.Turn> older, int cap) {
        if (older.isEmpty() || cap <= 0) {
            return "";
        }
        Section out = new Section(tokens, cap);
        out.add("Summary of the earlier conversation (" + older.size() + " older messages, newest last):");
        // the newest of the older turns matter most: fill from the end, then restore the order
        List<String> lines = new ArrayList<>();
        Section probe = new Section(tokens, cap - tokens.count(out.text()) - 1);
        for (int i = older.size() - 1; i >= 0; i--) {
            Transcript.Turn t = older.get(i);
            String gist = firstWords(SecretRedactor.redact(t.text()), 16);
            String line = "- " + (t.role() == Transcript.Role.CUSTOMER ? "Customer: " : "Support: ") + gist;
            if (!probe.add(line)) {
                break;
            }
            lines.add(0, line);
        }
        lines.forEach(out::add);
        return out.text();
    }

    private static String label(Transcript.Turn turn) {
        return turn.role() == Transcript.Role.AGENT ? "(Human agent) " + turn.text() : turn.text();
    }

    private static String firstWords(String text, int n) {
        String[] words = text.trim().split("\\s+");
        return words.length <= n ? text.trim() : String.join(" ", Arrays.copyOf(words, n)) + " …";
    }
}
