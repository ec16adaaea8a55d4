package com.smartsupport.llm.knowledge;

import java.util.List;

/**
 * One passage of an article as the index holds it: what a prompt numbers, a citation quotes and a customer can
 * open ({@code articleId}).
 */
public record Passage(
        String articleId,
        String slug,
        String title,
        String heading,
        String text,
        String language,
        Visibility visibility,
        List<String> products,
        int chunk) {}
