package com.smartsupport.llm.prompt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what the model never needs from any text bound for a prompt: payment card numbers (Luhn-valid runs of
 * 13-19 digits, kept as their last four), passwords stated in text, bearer tokens, JWTs and API keys.
 */
public final class PiiMasker {
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");
    private static final Pattern PASSWORD = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|passcode|mot de passe|contraseña|passwort)(\\s*(?:is|:|=|est|es|ist)?\\s*)(\\S+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/-]+=*");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern API_KEY = Pattern.compile("\\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}");

    private PiiMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = JWT.matcher(text).replaceAll("[redacted token]");
        out = BEARER.matcher(out).replaceAll("Bearer [redacted]");
        out = API_KEY.matcher(out).replaceAll("[redacted key]");
        out = PASSWORD.matcher(out).replaceAll("$1$2[redacted]");
        Matcher cards = CARD.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (cards.find()) {
            String digits = cards.group().replaceAll("[ -]", "");
            String replacement = luhn(digits) ? "**** **** **** " + digits.substring(digits.length() - 4)
                    : cards.group();
            cards.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        cards.appendTail(sb);
        return sb.toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
