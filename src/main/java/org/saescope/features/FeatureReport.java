package org.saescope.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One feature's dashboard as JSON, with exactly the top-level keys {@code id}, {@code density},
 * {@code max_act}, {@code mean_act}, {@code histogram} ({@code edges}, {@code counts}),
 * {@code top_examples} and each quantile group's {@code examples} (each with {@code act},
 * {@code pos}, {@code tokens}, {@code acts}), {@code quantile_groups} ({@code band}, {@code lo},
 * {@code hi}, {@code count}, {@code examples}), {@code logits_pos} / {@code logits_neg}
 * ({@code token}, {@code value}), {@code neighbours} ({@code id}, {@code cosine}), {@code concepts}
 * ({@code concept}, {@code kind}, {@code precision}, {@code recall}, {@code f1}) and the current
 * {@code label} (null, or {@code label}, {@code tags}, {@code notes}, {@code author}, {@code time}).
 */
public final class FeatureReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureReport() {
    }

    public static ObjectNode json(FeatureIndex.Details d, Optional<Label> label) {
        ObjectNode o = JSON.createObjectNode();
        FeatureIndex.Summary s = d.summary();
        o.put("id", s.id());
        o.put("density", s.density());
        o.put("max_act", s.maxAct());
        o.put("mean_act", s.meanAct());
        ObjectNode h = o.putObject("histogram");
        ArrayNode edges = h.putArray("edges");
        for (double e : FeatureIndex.histogramEdges(s.maxAct(), d.histogram().length)) {
            edges.add(e);
        }
        ArrayNode counts = h.putArray("counts");
        for (long c : d.histogram()) {
            counts.add(c);
        }
        examples(o.putArray("top_examples"), d.topExamples());
        ArrayNode groups = o.putArray("quantile_groups");
        for (FeatureIndex.QuantileGroup g : d.quantileGroups()) {
            ObjectNode q = groups.addObject();
            q.put("band", g.band());
            q.put("lo", g.lo());
            q.put("hi", g.hi());
            q.put("count", g.count());
            examples(q.putArray("examples"), g.examples());
        }
        tokens(o.putArray("logits_pos"), d.logitsPos());
        tokens(o.putArray("logits_neg"), d.logitsNeg());
        ArrayNode nb = o.putArray("neighbours");
        for (FeatureIndex.Neighbour n : d.neighbours()) {
            nb.addObject().put("id", n.id()).put("cosine", n.cosine());
        }
        ArrayNode cs = o.putArray("concepts");
        for (FeatureIndex.ConceptMatch c : d.concepts()) {
            cs.addObject().put("concept", c.concept()).put("kind", c.kind()).put("precision", c.precision())
                    .put("recall", c.recall()).put("f1", c.f1());
        }
        if (label.isPresent()) {
            Label l = label.get();
            ObjectNode lo = o.putObject("label");
            lo.put("label", l.label());
            ArrayNode tags = lo.putArray("tags");
            l.tags().forEach(tags::add);
            lo.put("notes", l.notes());
            lo.put("author", l.author());
            lo.put("time", l.time().toString());
        } else {
            o.putNull("label");
        }
        return o;
    }

    private static void examples(ArrayNode arr, List<FeatureIndex.Example> examples) {
        for (FeatureIndex.Example e : examples) {
            ObjectNode x = arr.addObject();
            x.put("act", e.act());
            x.put("pos", e.pos());
            ArrayNode t = x.putArray("tokens");
            e.tokens().forEach(t::add);
            ArrayNode a = x.putArray("acts");
            for (float v : e.acts()) {
                a.add(v);
            }
        }
    }

    private static void tokens(ArrayNode arr, List<FeatureIndex.TokenValue> values) {
        for (FeatureIndex.TokenValue v : values) {
            arr.addObject().put("token", v.text()).put("id", v.token()).put("value", v.value());
        }
    }
}
