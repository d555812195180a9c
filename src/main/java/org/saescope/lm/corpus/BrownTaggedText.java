package org.saescope.lm.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.saescope.tensor.BadInputException;

/**
 * Parses one file of the tagged Brown corpus (NLTK's "form C" layout): whitespace-separated
 * {@code word/tag} items, one sentence per line, paragraphs separated by blank lines (a
 * paragraph's first line is usually tab-indented). The tag is what follows the last {@code /}, so
 * words such as {@code 1-1/2/cd} keep their slash.
 *
 * <p>This edition writes {@code ;}, {@code ?} and {@code !} twice ({@code ?/. ?/.}); the second of
 * two identical adjacent ones is dropped, since the printed text had one.
 */
final class BrownTaggedText {
    private static final Set<String> DOUBLED_PUNCTUATION = Set.of(";", "?", "!");

    private BrownTaggedText() {
    }

    /** A paragraph: its sentences, each a list of words in order. */
    record Paragraph(List<List<BrownWord>> sentences) {
    }

    static List<Paragraph> parse(String content, Path file) {
        List<Paragraph> paragraphs = new ArrayList<>();
        List<List<BrownWord>> current = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    paragraphs.add(new Paragraph(List.copyOf(current)));
                    current.clear();
                }
                continue;
            }
            current.add(parseSentence(line, file, i + 1));
        }
        if (!current.isEmpty()) {
            paragraphs.add(new Paragraph(List.copyOf(current)));
        }
        return paragraphs;
    }

    private static List<BrownWord> parseSentence(String line, Path file, int lineNumber) {
        List<BrownWord> words = new ArrayList<>();
        for (String item : line.strip().split("[ \t]+")) {
            int slash = item.lastIndexOf('/');
            if (slash <= 0 || slash == item.length() - 1) {
                throw new BadInputException(file, "line " + lineNumber + ": \"" + item + "\" is not word/tag");
            }
            BrownWord w = new BrownWord(item.substring(0, slash), PosTags.full(item.substring(slash + 1)));
            if (!words.isEmpty() && DOUBLED_PUNCTUATION.contains(w.text()) && words.get(words.size() - 1).equals(w)) {
                continue;
            }
            words.add(w);
        }
        return words;
    }
}
