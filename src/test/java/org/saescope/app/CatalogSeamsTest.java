package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.saescope.app.catalog.HistogramQuantile;
import org.saescope.app.session.AppDirs;
import org.saescope.features.LabelStore;

/** The small pieces between the app and the features layer: histogram quantiles, one data directory. */
class CatalogSeamsTest {
    @Test
    void quantileIsTheHistogramsPiecewiseLinearCdf() {
        // 10 activations over [0, 4): 1 in [0,1), 2 in [1,2), 3 in [2,3), 4 in [3,4]
        long[] counts = {1, 2, 3, 4};
        assertThat(HistogramQuantile.of(counts, 4, 1)).isCloseTo(0.1, within(1e-12));
        assertThat(HistogramQuantile.of(counts, 4, 2)).isCloseTo(0.3, within(1e-12));
        assertThat(HistogramQuantile.of(counts, 4, 3)).isCloseTo(0.6, within(1e-12));
        assertThat(HistogramQuantile.of(counts, 4, 2.5)).isCloseTo(0.45, within(1e-12)); // 3 + half of 3, of 10
        assertThat(HistogramQuantile.of(counts, 4, 0.5)).isCloseTo(0.05, within(1e-12));
        assertThat(HistogramQuantile.of(counts, 4, 4)).isEqualTo(1.0);
        assertThat(HistogramQuantile.of(counts, 4, 9)).isEqualTo(1.0);
        assertThat(HistogramQuantile.of(counts, 4, 0)).isEqualTo(0.0);
        assertThat(HistogramQuantile.of(counts, 4, -1)).isEqualTo(0.0);
        assertThat(HistogramQuantile.of(new long[] {0, 0}, 0, 1)).isNaN(); // never fired: no distribution
    }

    @Test
    void theAppAndTheCliShareOneLabelStore() {
        Path home = Path.of("home");
        Properties none = new Properties();
        assertThat(dirs(Map.of(), none, home).labelStore())
                .isEqualTo(home.resolve(".local/share/saescope/labels.sqlite"));
        assertThat(dirs(Map.of("XDG_DATA_HOME", "xdg"), none, home).labelStore()).isEqualTo(Path.of("xdg/saescope/labels.sqlite"));
        assertThat(dirs(Map.of("XDG_DATA_HOME", "xdg", LabelStore.DIR_ENV, "env"), none, home).labelStore())
                .isEqualTo(Path.of("env/labels.sqlite"));
        Properties prop = new Properties();
        prop.setProperty(LabelStore.DIR_PROPERTY, "prop");
        assertThat(dirs(Map.of(LabelStore.DIR_ENV, "env"), prop, home).labelStore()).isEqualTo(Path.of("prop/labels.sqlite"));

        String before = System.getProperty(LabelStore.DIR_PROPERTY);
        System.setProperty(LabelStore.DIR_PROPERTY, "shared-dir");
        try {
            assertThat(AppDirs.fromEnvironment().labelStore()).isEqualTo(LabelStore.defaultFile());
        } finally {
            if (before == null) {
                System.clearProperty(LabelStore.DIR_PROPERTY);
            } else {
                System.setProperty(LabelStore.DIR_PROPERTY, before);
            }
        }
    }

    private static AppDirs dirs(Map<String, String> env, Properties props, Path home) {
        return AppDirs.of(env, props, home);
    }
}
