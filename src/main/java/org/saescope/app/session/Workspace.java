package org.saescope.app.session;

import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.LabelBook;

/**
 * What is open: a model, an SAE on it, the SAE's feature catalog (an index, or the SAE alone) and
 * its label book. Any part may be null (nothing open yet). Immutable: opening something makes a
 * new workspace, which view models observe.
 */
public record Workspace(LoadedModel model, LoadedSae sae, FeatureCatalog catalog, LabelBook labels) {
    public static final Workspace EMPTY = new Workspace(null, null, null, null);

    /** Model and SAE both open: prompts can be analysed and features steered. */
    public boolean isReady() {
        return model != null && sae != null;
    }

    public Workspace withModel(LoadedModel m) {
        return new Workspace(m, sae, catalog, labels);
    }

    public Workspace withSae(LoadedSae s, FeatureCatalog c, LabelBook l) {
        return new Workspace(model, s, c, l);
    }

    public Workspace withCatalog(FeatureCatalog c) {
        return new Workspace(model, sae, c, labels);
    }
}
