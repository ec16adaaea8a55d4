package com.smartsupport.platform.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in any text that leaves a service as a side effect: log lines, dead-letter records, exception
 * messages. What it masks, and what it leaves:
 * <ul>
 *   <li>payment card numbers: Luhn-valid runs of 13 to 19 digits, plain or grouped by single spaces or dashes,
 *       become {@code **** **** **** 1234} (the last four stay, as on a receipt). A card followed by more digits
 *       (a CVV, an expiry) is still found, because every window of digit groups is checked;</li>
 *   <li>JWTs ({@code eyJ…} in three or more base64url parts) become {@code [redacted token]};</li>
 *   <li>{@code Bearer} credentials become {@code Bearer [redacted]}, and any other scheme after an
 *       {@code Authorization} header name ({@code Basic}, {@code Token}, …) is masked too;</li>
 *   <li>API keys: {@code sk-…}/{@code pk-…}/{@code rk-…} (OpenAI, Stripe-style, also with {@code _}), GitHub
 *       {@code ghp_…}, AWS {@code AKIA…}, Slack {@code xox…-}, Google {@code AIza…} become {@code [redacted key]};</li>
 *   <li>values of secret-named fields in JSON, form and header text ({@code "password":"…"}, {@code token=…},
 *       {@code client_secret: …}, {@code x-api-key: …}) become {@code [redacted]};</li>
 *   <li>passwords stated in prose, in several languages ("my password is …", "mi contraseña es …",
 *       "mon mot de passe est …", "mein Passwort ist …", "a minha senha é …") become {@code [redacted]}.</li>
 * </ul>
 * Consistent with llm-service's prompt masker, so a secret looks the same wherever it was masked. Masking is
 * idempotent: masked text is left as it is. Letters or digits glued to a digit run (hex trace ids, UUIDs) are
 * never taken for a card.
 */
public final class SecretRedactor {
    public static final String REDACTED = "[redacted]";
    public static final String REDACTED_TOKEN = "[redacted token]";
    public static final String REDACTED_KEY = "[redacted key]";

    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/-]{8,}=*");
    /** Whatever credential follows an Authorization header name, with or without a scheme word. */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?(?:[A-Za-z-]+\\s+)?)[A-Za-z0-9._~+/-]{8,}=*");

    private static final Pattern API_KEY = Pattern.compile("\\b(?:(?:sk|pk|rk)[-_][A-Za-z0-9_-]{16,}"
            + "|gh[opusr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|AKIA[0-9A-Z]{16}"
            + "|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,})");
    /** {@code "password": "…"}, {@code password=…}, {@code client_secret: …} and the like. */
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i)(\\b(?:password|passwd|pwd|passphrase|"
            + "(?:client[_-]?)?secret|api[_-]?key|apikey|(?:access|refresh|id|auth)?[_-]?token)[\"']?\\s*[:=]\\s*)"
            + "(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|(?!\\[redacted|\\[hidden]|null(?![\\w-]))[^\\s,;&}\\]\"']+)");
    /**
     * A password stated in prose: the keyword, a verb or separator, then the password itself (one word, without
     * the punctuation that ends the sentence). The separator is matched atomically so that an already masked
     * password never makes the verb look like one. Word edges are written out rather than {@code \b}, whose
     * meaning for letters like "ñ" changed in Java 19.
     */
    private static final Pattern PASSWORD_PHRASE = Pattern.compile("(?iu)((?<![\\p{L}\\p{N}_])(?:password|passwd|pwd|"
            + "passcode|passphrase|pass phrase|mot de passe|contraseña|contrasena|clave|passwort|kennwort|senha|"
            + "wachtwoord)(?![\\p{L}\\p{N}_])"
            + "(?>\\s*[:=]\\s*"
            + "|\\s+(?:is|was|est|es|era|ist|war|é|è)(?![\\p{L}\\p{N}_])"
            + "(?:\\s+(?:now|currently|still|actually|toujours|ahora|jetzt|agora)(?![\\p{L}\\p{N}_]))?\\s*[:=]?\\s*"
            + "|\\s+))(?!\\[redacted|\\[hidden]|null(?![\\w-]))([^\\s\"]+?)(?=[.,;:!?)]*(?:[\\s\"]|$))");
    /** Digit groups separated by one space or dash, not glued to letters or other digits. */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9A-Za-z])\\d+(?:[ -]\\d+)*(?![0-9A-Za-z])");

    private static final Pattern GROUP = Pattern.compile("\\d+");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SecretRedactor() {}

    /** The text with every secret masked; {@code null} and text without secrets come back unchanged. */
    public static String redact(String text) {
        if (text == null || text.isEmpty() || !mayHoldSecret(text)) {
            return text;
        }
        String out = JWT.matcher(text).replaceAll(REDACTED_TOKEN);
        out = BEARER.matcher(out).replaceAll("Bearer " + Matcher.quoteReplacement(REDACTED));
        out = AUTHORIZATION.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
        out = API_KEY.matcher(out).replaceAll(Matcher.quoteReplacement(REDACTED_KEY));
        out = replace(out, SECRET_FIELD, m -> {
            String value = m.group(2);
            String masked = value.startsWith("\"")
                    ? "\"" + REDACTED + "\""
                    : value.startsWith("'") ? "'" + REDACTED + "'" : REDACTED;
            return m.group(1) + masked;
        });
        out = replace(out, PASSWORD_PHRASE, m -> m.group(1) + REDACTED);
        return maskCards(out);
    }

    /** True if the text holds anything {@link #redact} would mask (for tests and checks). */
    public static boolean containsSecret(String text) {
        return text != null && !text.equals(redact(text));
    }

    /** Luhn's check digit test, over a string of digits. */
    public static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
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

    /** A cheap test that skips the patterns for the many log lines with nothing to mask. */
    private static boolean mayHoldSecret(String text) {
        int digitRun = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digitRun >= 13) {
                    return true; // a card candidate: checked properly below
                }
            } else if (c != ' ' && c != '-') {
                digitRun = 0;
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String hint : HINTS) {
            if (lower.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] HINTS = {
        "eyj",
        "bearer",
        "authorization",
        "sk-",
        "sk_",
        "pk-",
        "pk_",
        "rk-",
        "rk_",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "akia",
        "xox",
        "aiza",
        "pass",
        "pwd",
        "secret",
        "key",
        "token",
        "contrase",
        "clave",
        "kennwort",
        "senha",
        "wachtwoord"
    };

    private static String maskCards(String text) {
        Matcher runs = DIGIT_RUN.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (runs.find()) {
            String run = runs.group();
            if (countDigits(run) < 13 || insideUuid(text, runs.start(), runs.end())) {
                continue;
            }
            String masked = maskCardsInRun(run);
            if (!masked.equals(run)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, runs.start()).append(masked);
                copied = runs.end();
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Within one run of digit groups, masks every window of whole groups that holds 13 to 19 digits and passes
     * Luhn's check, longest window first, so that "4111 1111 1111 1111 123" (a card and its CVV) is still found.
     */
    private static String maskCardsInRun(String run) {
        List<int[]> groups = new ArrayList<>(); // start, end of each digit group in the run
        Matcher g = GROUP.matcher(run);
        while (g.find()) {
            groups.add(new int[] {g.start(), g.end()});
        }
        StringBuilder out = new StringBuilder(run.length());
        int copied = 0;
        int i = 0;
        while (i < groups.size()) {
            int found = -1;
            int digits = 0;
            StringBuilder window = new StringBuilder(19);
            for (int j = i; j < groups.size(); j++) {
                digits += groups.get(j)[1] - groups.get(j)[0];
                if (digits > 19) {
                    break;
                }
                window.append(run, groups.get(j)[0], groups.get(j)[1]);
                if (digits >= 13 && luhn(window)) {
                    found = j; // keep looking for a longer one
                }
            }
            if (found < 0) {
                i++;
                continue;
            }
            String all = digitsOf(run.substring(groups.get(i)[0], groups.get(found)[1]));
            out.append(run, copied, groups.get(i)[0]).append("**** **** **** ").append(all.substring(all.length() - 4));
            copied = groups.get(found)[1];
            i = found + 1;
        }
        return copied == 0 ? run : out.append(run, copied, run.length()).toString();
    }

    /** True if the digits are groups of a UUID whose hex happens to be all digits there (event and message ids). */
    private static boolean insideUuid(String text, int start, int end) {
        int from = start;
        while (from > 0 && isTokenChar(text.charAt(from - 1))) {
            from--;
        }
        int to = end;
        while (to < text.length() && isTokenChar(text.charAt(to))) {
            to++;
        }
        return UUID.matcher(text).region(from, to).matches();
    }

    private static boolean isTokenChar(char c) {
        return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int countDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static String digitsOf(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String replace(String text, Pattern pattern, Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
