package com.smartsupport.llm.knowledge;

import java.util.List;
import java.util.Locale;

/** The languages articles may be written in: those with a Lucene analyzer (stemming, stop words) here. */
public final class Languages {
    public static final String FALLBACK = "en";
    public static final List<String> SUPPORTED = List.of("en", "fr", "es", "de", "it", "pt", "nl");

    private Languages() {}

    /** The supported code for a value such as {@code fr} or {@code fr-CA}, or null. */
    public static String normalise(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String code = value.trim().toLowerCase(Locale.ROOT);
        if (code.length() > 2 && (code.charAt(2) == '-' || code.charAt(2) == '_')) {
            code = code.substring(0, 2);
        }
        return SUPPORTED.contains(code) ? code : null;
    }
}
