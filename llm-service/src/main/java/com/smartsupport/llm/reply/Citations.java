package com.smartsupport.llm.reply;

import com.smartsupport.llm.knowledge.Passage;
import com.smartsupport.platform.events.AssistantCompleted.Citation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sources a finished reply cites: each {@code [n]} in its text that names a passage of its prompt, in order of
 * first use. A number the prompt did not hold is ignored, so a citation only ever points at an article that was
 * in the prompt.
 */
final class Citations {
    static final int MAX_PASSAGE = 1_500;
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,2})]");

    private Citations() {}

    static List<Citation> of(String text, List<Passage> sources) {
        if (text == null || sources.isEmpty()) {
            return List.of();
        }
        Set<Integer> used = new LinkedHashSet<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= sources.size()) {
                used.add(n);
            }
        }
        List<Citation> out = new ArrayList<>();
        for (int n : used) {
            Passage p = sources.get(n - 1);
            String passage = p.text().length() > MAX_PASSAGE ? p.text().substring(0, MAX_PASSAGE) + " …" : p.text();
            out.add(new Citation(n, p.articleId(), p.title(), passage));
        }
        return List.copyOf(out);
    }
}
