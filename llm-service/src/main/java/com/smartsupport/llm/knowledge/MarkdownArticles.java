package com.smartsupport.llm.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one article per Markdown file: a front matter block between {@code ---} lines with {@code key: value}
 * pairs ({@code slug, title, language, visibility}) and lists ({@code tags: [a, b]}, {@code products: [X-1]}),
 * then the body. A file without a title in its front matter takes its first {@code #} heading, and a file without
 * a slug takes the file name. Anything else in the front matter is refused, so a typo is not silently ignored.
 */
public final class MarkdownArticles {
    private static final Set<String> KEYS = Set.of("slug", "title", "language", "visibility", "tags", "products");

    private MarkdownArticles() {}

    /** The article a file describes; {@link InvalidArticleException} says what is wrong with it. */
    public static ArticleInput parse(String fileName, String text) {
        String content = text.replace("\r\n", "\n").replace("\r", "\n");
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        String body = content;
        if (content.startsWith("---\n")) {
            int end = content.indexOf("\n---", 3);
            if (end < 0) {
                throw new InvalidArticleException("the front matter is not closed with a '---' line");
            }
            for (String line : content.substring(4, end).split("\n")) {
                if (line.isBlank() || line.trim().startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new InvalidArticleException("front matter line is not 'key: value': " + shorten(line));
                }
                String key = line.substring(0, colon).trim();
                if (!KEYS.contains(key)) {
                    throw new InvalidArticleException(
                            "unknown front matter key '" + shorten(key) + "'; known: " + KEYS);
                }
                meta.put(key, unquote(line.substring(colon + 1).trim()));
            }
            int bodyStart = content.indexOf('\n', end + 1);
            body = bodyStart < 0 ? "" : content.substring(bodyStart + 1);
        }
        String title = meta.get("title");
        if (title == null || title.isBlank()) {
            for (String line : body.split("\n")) {
                if (line.startsWith("# ")) {
                    title = line.substring(2).trim();
                    break;
                }
            }
        }
        String slug = meta.get("slug");
        if ((slug == null || slug.isBlank()) && fileName != null) {
            String base = fileName.replaceAll(".*[/\\\\]", "").replaceAll("\\.(md|markdown)$", "");
            slug = ArticleInput.slugOf(base);
        }
        return new ArticleInput(
                        slug,
                        title,
                        body.strip(),
                        meta.get("language"),
                        list(meta.get("tags")),
                        list(meta.get("products")),
                        meta.get("visibility"))
                .validated();
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        String v = value.trim();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String item = unquote(part.trim());
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
