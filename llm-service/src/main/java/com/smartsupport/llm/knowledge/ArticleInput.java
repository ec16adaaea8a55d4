package com.smartsupport.llm.knowledge;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an admin (or the {@code kb-sync} client) sends to create or replace an article, or what one imported
 * Markdown file says. {@link #validated()} applies every rule and returns the normalised form.
 */
public record ArticleInput(
        @Size(max = ArticleInput.MAX_SLUG) String slug,
        @NotBlank @Size(max = ArticleInput.MAX_TITLE) String title,
        @NotBlank @Size(max = ArticleInput.MAX_BODY) String body,
        String language,
        @Size(max = 20) List<@NotBlank @Size(max = 40) String> tags,
        @Size(max = 50) List<@NotBlank @Size(max = 40) String> products,
        String visibility) {
    public static final int MAX_SLUG = 100;
    public static final int MAX_TITLE = 300;
    /** Characters of Markdown; a longer article should be split. */
    public static final int MAX_BODY = 100_000;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** The input checked and normalised (language code, slug from the title when none is given), or a 400. */
    public ArticleInput validated() {
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw new InvalidArticleException("title is required, at most " + MAX_TITLE + " characters");
        }
        if (body == null || body.isBlank()) {
            throw new InvalidArticleException("body is required");
        }
        if (body.length() > MAX_BODY) {
            throw new InvalidArticleException("body is " + body.length() + " characters; at most " + MAX_BODY
                    + " are accepted (split the article)");
        }
        String lang = Languages.normalise(language == null ? Languages.FALLBACK : language);
        if (lang == null) {
            throw new InvalidArticleException("language must be one of " + Languages.SUPPORTED);
        }
        Visibility.parse(visibility == null ? "public" : visibility);
        String s = slug == null || slug.isBlank() ? slugOf(title) : slug.trim();
        if (s.length() > MAX_SLUG || !SLUG.matcher(s).matches()) {
            throw new InvalidArticleException(
                    "slug must be lower-case letters, digits and single hyphens, at most " + MAX_SLUG + " characters");
        }
        // a title is one line: line breaks in it would start new lines wherever it is shown or quoted
        return new ArticleInput(
                s,
                title.strip().replaceAll("\\s+", " "),
                body,
                lang,
                clean(tags, 20),
                clean(products, 50),
                Visibility.parse(visibility == null ? "public" : visibility).wire());
    }

    public Visibility visibilityValue() {
        return Visibility.parse(visibility == null ? "public" : visibility);
    }

    private static List<String> clean(List<String> values, int max) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            throw new InvalidArticleException("at most " + max + " tags or products");
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank() || v.length() > 40) {
                throw new InvalidArticleException("tags and products are 1-40 characters each");
            }
            if (!out.contains(v.trim())) {
                out.add(v.trim());
            }
        }
        return out;
    }

    static String slugOf(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.length() > MAX_SLUG ? s.substring(0, MAX_SLUG).replaceAll("-$", "") : s;
    }
}
