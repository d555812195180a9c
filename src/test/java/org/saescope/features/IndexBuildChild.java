package org.saescope.features;

import java.nio.file.Path;

/**
 * Child-process entry for the kill -9 test: builds an index and prints "BATCH n" after each
 * committed block, pausing a little so the parent can kill it between or during commits.
 * Arguments: corpus, SAE folder, output file.
 */
public final class IndexBuildChild {
    private IndexBuildChild() {
    }

    public static void main(String[] args) throws Exception {
        int[] n = {0};
        IndexFixtures.build(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), IndexFixtures.small(), null,
                new FeatureIndexBuilder.Listener() {
                    @Override
                    public void progress(long docs, long total, long tokens, double tps, double eta) {
                        System.out.println("BATCH " + (++n[0]));
                        System.out.flush();
                        try {
                            Thread.sleep(150);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        System.out.println("DONE");
    }
}
