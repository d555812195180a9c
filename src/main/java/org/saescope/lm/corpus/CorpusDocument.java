package org.saescope.lm.corpus;

import java.nio.file.Path;

/**
 * One document of a text corpus, untokenised: the caller tokenises with the model's tokenizer.
 *
 * @param file the file it came from
 * @param line the 1-based line it starts on (for messages and provenance)
 * @param text the document's text
 */
public record CorpusDocument(Path file, long line, String text) {
}
