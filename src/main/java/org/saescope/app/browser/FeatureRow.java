package org.saescope.app.browser;

import java.util.List;
import java.util.Locale;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.catalog.FeatureSummary;

/** One browser row: what the index knows about a feature plus what the analyst wrote. */
public record FeatureRow(FeatureSummary summary, FeatureLabel label) {
    public int id() {
        return summary.id();
    }

    public String tagsText() {
        return String.join(", ", label.tags());
    }

    /**
     * Whether the row matches a search: a number matches the id ("12" or "#12"); any text matches
     * the label, tags, notes, best concept or one of the feature's top tokens (case-insensitive).
     */
    public boolean matches(String query) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return true;
        }
        String num = q.startsWith("#") ? q.substring(1) : q;
        if (num.matches("\\d{1,9}")) {
            if (Integer.parseInt(num) == id()) {
                return true;
            }
            if (q.startsWith("#")) {
                return false;
            }
        }
        if (contains(label.label(), q) || contains(label.notes(), q) || contains(summary.bestConcept(), q)) {
            return true;
        }
        for (String t : label.tags()) {
            if (contains(t, q)) {
                return true;
            }
        }
        List<String> tokens = summary.topTokens();
        for (String t : tokens) {
            if (t.strip().toLowerCase(Locale.ROOT).equals(q.strip())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String hay, String q) {
        return hay != null && hay.toLowerCase(Locale.ROOT).contains(q);
    }

    /** Whether the density lies in [low, high] (log10 units); unknown densities always pass. */
    public boolean densityWithin(double log10Low, double log10High) {
        double d = summary.density();
        if (Double.isNaN(d)) {
            return true;
        }
        double l = d <= 0 ? Double.NEGATIVE_INFINITY : Math.log10(d);
        return (l >= log10Low || log10Low <= DensityRange.MIN) && l <= log10High;
    }
}
