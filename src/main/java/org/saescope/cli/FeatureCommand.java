package org.saescope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.saescope.features.FeatureIndex;
import org.saescope.features.FeatureReport;
import org.saescope.features.Label;
import org.saescope.features.LabelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saescope feature --index INDEX.sqlite --id N [--json]}: one feature's dashboard from an index. */
@Command(name = "feature", mixinStandardHelpOptions = true, description = "Show one feature of a feature index.")
final class FeatureCommand implements Callable<Integer> {
    @Option(names = "--index", required = true, paramLabel = "INDEX.sqlite", description = "A complete feature index.")
    Path index;

    @Option(names = "--id", required = true, paramLabel = "N", description = "Feature number.")
    int id;

    @Option(names = "--json", description = "Print JSON (keys: id, density, max_act, mean_act, histogram, top_examples, "
            + "quantile_groups, logits_pos, logits_neg, neighbours, concepts, label).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FeatureIndex idx = FeatureIndex.open(index)) {
            FeatureIndex.Details d = idx.details(id);
            Optional<Label> label;
            try (LabelStore labels = LabelStore.openDefault()) {
                label = labels.get(idx.saeSha256(), id);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(FeatureReport.json(d, label)));
                return ExitCodes.OK;
            }
            FeatureIndex.Summary s = d.summary();
            out.printf(Locale.ROOT, "feature %d: density %.6f (%d of %d tokens), max %.4f, mean %.4f%n", s.id(), s.density(),
                    s.fireCount(), idx.tokens(), s.maxAct(), s.meanAct());
            label.ifPresent(l -> out.println("label: " + l.label() + (l.tags().isEmpty() ? "" : "  [" + String.join(", ", l.tags()) + "]")));
            out.println("top examples:");
            for (FeatureIndex.Example e : d.topExamples().subList(0, Math.min(5, d.topExamples().size()))) {
                StringBuilder sb = new StringBuilder();
                for (int t = 0; t < e.tokens().size(); t++) {
                    sb.append(t == e.pos() ? "[[" + e.tokens().get(t) + "]]" : e.tokens().get(t));
                }
                out.printf(Locale.ROOT, "  %.3f  %s%n", e.act(), sb.toString().replace("\n", "⏎"));
            }
            out.println("logits +: " + tokens(d.logitsPos()));
            out.println("logits −: " + tokens(d.logitsNeg()));
            StringBuilder nb = new StringBuilder();
            d.neighbours().forEach(n -> nb.append(String.format(Locale.ROOT, "%d (%.2f) ", n.id(), n.cosine())));
            out.println("neighbours: " + nb.toString().strip());
            for (FeatureIndex.ConceptMatch c : d.concepts()) {
                out.printf(Locale.ROOT, "concept %s: precision %.2f, recall %.2f, F1 %.2f%n", c.concept(), c.precision(), c.recall(), c.f1());
            }
        }
        return ExitCodes.OK;
    }

    private static String tokens(java.util.List<FeatureIndex.TokenValue> v) {
        StringBuilder sb = new StringBuilder();
        v.forEach(t -> sb.append(String.format(Locale.ROOT, "%s (%.2f) ", quote(t.text()), t.value())));
        return sb.toString().strip();
    }

    private static String quote(String s) {
        return "'" + (s == null ? "?" : s.replace("\n", "\\n")) + "'";
    }
}
