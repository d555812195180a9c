package org.saescope.lm.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns parsed Brown paragraphs back into readable text and remembers where each word landed.
 *
 * <p>Rules, chosen to look like the printed page:
 * <ul>
 *   <li>{@code ``} and {@code ''} become {@code "}; a lone {@code '} alternates between opening and
 *       closing within a paragraph (the corpus does not say which it is);</li>
 *   <li>no space before {@code , . ; : ? ! ) ]}, closing quotes, or a clitic such as {@code 's},
 *       {@code n't}, {@code 'll} when the corpus has split it off; no space after opening quotes and
 *       brackets; none around {@code --} (the typeset em dash: "jury--which");</li>
 *   <li>sentences of one paragraph are joined by a space; paragraphs by a blank line; a headline
 *       (a sentence whose words, punctuation aside, all carry {@code -hl}) is a paragraph of its own;
 *       a paragraph that starts with closing punctuation continues the one before.</li>
 * </ul>
 */
final class BrownDetokenizer {
    private static final Set<String> NO_SPACE_BEFORE = Set.of(",", ".", ";", ":", "?", "!", ")", "]", "''");
    private static final Set<String> NO_SPACE_AFTER = Set.of("``", "(", "[");
    private static final Set<String> CLITICS = Set.of("'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "n't");
    private static final String DASH = "--";

    private BrownDetokenizer() {
    }

    /** The text and, per word in corpus order, its tag and its span [start, end) in the text. */
    record Rendered(String text, List<String> tags, int[] starts, int[] ends) {
        int wordCount() {
            return tags.size();
        }
    }

    static Rendered render(List<BrownTaggedText.Paragraph> paragraphs) {
        List<List<BrownWord>> blocks = new ArrayList<>();
        for (BrownTaggedText.Paragraph p : paragraphs) {
            List<BrownWord> block = new ArrayList<>();
            for (List<BrownWord> sentence : p.sentences()) {
                if (isHeadline(sentence)) {
                    addBlock(blocks, block);
                    block = new ArrayList<>();
                    addBlock(blocks, new ArrayList<>(sentence));
                } else {
                    block.addAll(sentence);
                }
            }
            addBlock(blocks, block);
        }

        StringBuilder text = new StringBuilder();
        List<String> tags = new ArrayList<>();
        IntList starts = new IntList();
        IntList ends = new IntList();
        for (List<BrownWord> block : blocks) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            boolean singleQuoteOpen = false;
            String prev = null; // the previous word's surface form in this paragraph
            boolean prevOpens = false;
            for (BrownWord w : block) {
                String surface;
                boolean opens;
                boolean closes;
                switch (w.text()) {
                    case "``" -> {
                        surface = "\"";
                        opens = true;
                        closes = false;
                    }
                    case "''" -> {
                        surface = "\"";
                        opens = false;
                        closes = true;
                    }
                    case "'" -> {
                        surface = "'";
                        opens = !singleQuoteOpen;
                        closes = singleQuoteOpen;
                        singleQuoteOpen = !singleQuoteOpen;
                    }
                    default -> {
                        surface = w.text();
                        opens = NO_SPACE_AFTER.contains(surface);
                        closes = NO_SPACE_BEFORE.contains(surface) || CLITICS.contains(surface.toLowerCase(java.util.Locale.ROOT));
                    }
                }
                if (prev != null && !prevOpens && !closes && !DASH.equals(prev) && !DASH.equals(surface)) {
                    text.append(' ');
                }
                starts.add(text.length());
                text.append(surface);
                ends.add(text.length());
                tags.add(w.tag());
                prev = surface;
                prevOpens = opens;
            }
        }
        return new Rendered(text.toString(), List.copyOf(tags), starts.toArray(), ends.toArray());
    }

    /**
     * Adds a paragraph, except that one starting with closing punctuation (the corpus sometimes puts
     * a sentence's final "." or a list's next ", Dick Stuart" after a blank line) continues the last.
     */
    private static void addBlock(List<List<BrownWord>> blocks, List<BrownWord> block) {
        if (block.isEmpty()) {
            return;
        }
        if (!blocks.isEmpty() && NO_SPACE_BEFORE.contains(block.get(0).text())) {
            blocks.get(blocks.size() - 1).addAll(block);
        } else {
            blocks.add(block);
        }
    }

    /** All its words carry -hl, punctuation aside (the corpus leaves some quotes untagged there). */
    private static boolean isHeadline(List<BrownWord> sentence) {
        boolean any = false;
        for (BrownWord w : sentence) {
            if (w.inHeadline()) {
                any = true;
            } else if (w.text().codePoints().anyMatch(Character::isLetterOrDigit)) {
                return false;
            }
        }
        return any;
    }

    /** A growable int array, to keep per-word spans unboxed. */
    static final class IntList {
        private int[] a = new int[64];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
