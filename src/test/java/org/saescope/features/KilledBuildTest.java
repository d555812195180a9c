package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

/** A build killed with SIGKILL in a child JVM resumes and ends identical to an uninterrupted one. */
class KilledBuildTest {
    @TempDir
    Path tmp;

    @Test
    void killMinus9ThenResumeGivesTheSameIndex() throws Exception {
        Path corpus = IndexFixtures.textCorpus(tmp, 30, 4);
        Path sae = IndexFixtures.saeFolder(tmp);
        Path killed = tmp.resolve("killed.sqlite");

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                IndexBuildChild.class.getName(), corpus.toString(), sae.toString(), killed.toString())
                .redirectErrorStream(true).start();
        boolean sawBatch = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals("BATCH 3")) {
                    sawBatch = true;
                    p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
                    break;
                }
                assertThat(line).isNotEqualTo("DONE");
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sawBatch).as("the child reached its third batch").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(killed).exists();
        assertThatThrownBy(() -> FeatureIndex.open(killed)).isInstanceOf(BadInputException.class).hasMessageContaining("incomplete");

        FeatureIndexBuilder.Result resumed = IndexFixtures.build(corpus, sae, killed, IndexFixtures.small(), null, null);
        assertThat(resumed.resumed()).isTrue();
        Path whole = tmp.resolve("whole.sqlite");
        IndexFixtures.build(corpus, sae, whole, IndexFixtures.small(), null, null);
        List<String> a = IndexFixtures.dump(killed);
        assertThat(a).isEqualTo(IndexFixtures.dump(whole));
    }
}
