package org.saescope.lm.corpus;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Brown-corpus part-of-speech tags: the full tag as the corpus gives it (lower-cased), and a coarse
 * tag that drops the modifiers which say where a word stood rather than what it is.
 *
 * <p>The coarse mapping, applied to each part of a compound contraction tag ({@code pps+bez} for
 * "it's" stays a compound, each side mapped on its own):
 * <ul>
 *   <li>{@code -tl} (word in a title), {@code -hl} (in a headline) and {@code -nc} (cited word)
 *       suffixes are removed, also when stacked ({@code nn-tl-hl} → {@code nn}) or cut short by the
 *       corpus ({@code ppss+ber-n} → {@code ppss+ber});</li>
 *   <li>a trailing {@code *} (negation fused into a verb: {@code dod*} "didn't") is removed; the
 *       bare {@code *} ("not", "n't") stays;</li>
 *   <li>a trailing {@code $} (genitive: {@code np$} "Atlanta's", {@code nns$}) is removed, except
 *       in the tags where it is part of the word class itself: {@code pp$} ("my"), {@code pp$$}
 *       ("mine") and {@code wp$} ("whose");</li>
 *   <li>any tag with the foreign-word prefix {@code fw-} ({@code fw-nn}, {@code fw-in+at-tl})
 *       becomes {@code fw}: the English class of a foreign word is too sparse to be useful.</li>
 * </ul>
 * Punctuation tags ({@code . , : ( ) -- `` '' '}) and everything else pass through unchanged.
 */
public final class PosTags {
    private static final Pattern POSITION_SUFFIX = Pattern.compile("(-(tl|hl|nc|t|h|n))+$");
    private static final Set<String> POSSESSIVE_CLASSES = Set.of("pp$", "pp$$", "wp$");

    private PosTags() {
    }

    /** The full tag, normalised: trimmed and lower-cased. */
    public static String full(String rawTag) {
        return rawTag.strip().toLowerCase(Locale.ROOT);
    }

    /** The coarse tag of a (raw or full) tag; see the class comment for the mapping. */
    public static String coarse(String tag) {
        String t = full(tag);
        if (t.startsWith("fw-")) {
            return "fw";
        }
        String[] parts = t.split("\\+", -1);
        StringBuilder out = new StringBuilder(t.length());
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('+');
            }
            out.append(coarsePart(parts[i]));
        }
        return out.toString();
    }

    private static String coarsePart(String part) {
        String p = POSITION_SUFFIX.matcher(part).replaceFirst("");
        if (p.length() > 1 && p.endsWith("*")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.length() > 1 && p.endsWith("$") && !POSSESSIVE_CLASSES.contains(p)) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
