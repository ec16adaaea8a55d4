package com.smartsupport.conversation.chat;

import com.smartsupport.platform.events.AssistantCompleted;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds on the sources a reply carries, applied before a reply is stored or pushed to the customer's stream, so a
 * producer's mistake cannot make a transcript grow without limit: at most {@value #MAX_CITATIONS} citations (the
 * first ones), titles cut to {@value #MAX_TITLE} characters and passages to {@value #MAX_PASSAGE}. Anything longer
 * is truncated (ending in "…"), never refused: the reply itself must still reach the customer.
 */
public final class Citations {
    public static final int MAX_CITATIONS = 8;
    public static final int MAX_TITLE = 300;
    public static final int MAX_PASSAGE = 1_500;

    private Citations() {}

    /** The reply with its citations bounded (the same reply when they already are). */
    public static AssistantCompleted bounded(AssistantCompleted reply) {
        List<AssistantCompleted.Citation> citations = bounded(reply.citations());
        return citations.equals(reply.citations())
                ? reply
                : new AssistantCompleted(
                        reply.replyId(), reply.inReplyTo(), reply.text(), reply.source(), reply.usage(), citations);
    }

    static List<AssistantCompleted.Citation> bounded(List<AssistantCompleted.Citation> citations) {
        if (citations == null || citations.isEmpty()) {
            return List.of();
        }
        List<AssistantCompleted.Citation> out = new ArrayList<>(Math.min(citations.size(), MAX_CITATIONS));
        for (AssistantCompleted.Citation c : citations) {
            if (out.size() == MAX_CITATIONS) {
                break;
            }
            if (c != null) {
                out.add(new AssistantCompleted.Citation(
                        c.n(), c.articleId(), cut(c.title(), MAX_TITLE), cut(c.passage(), MAX_PASSAGE)));
            }
        }
        return List.copyOf(out);
    }

    /** The stored form of a reply's (bounded) citations. */
    static List<Message.Citation> toStored(List<AssistantCompleted.Citation> citations) {
        return bounded(citations).stream()
                .map(c -> new Message.Citation(c.n(), c.articleId(), c.title(), c.passage()))
                .toList();
    }

    /** At most {@code max} characters; a longer text ends in "…" and is never cut inside a surrogate pair. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
