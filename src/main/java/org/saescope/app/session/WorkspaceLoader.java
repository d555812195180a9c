package org.saescope.app.session;

import java.nio.file.Path;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.LabelBook;
import org.saescope.app.catalog.SaeOnlyCatalog;
import org.saescope.app.catalog.StoreLabelBook;
import org.saescope.features.SaeDictionary;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.sae.kernel.SaeKernels;
import org.saescope.tensor.BadInputException;

/**
 * Opens models, SAEs and indexes and checks that they fit together. Every method may take seconds
 * and must run on the model lane; each throws {@link BadInputException} (or its
 * {@link MismatchException}) with a message naming the file and the problem.
 */
public final class WorkspaceLoader {
    private final AppDirs dirs;
    private final IndexOpener indexes;

    public WorkspaceLoader(AppDirs dirs, IndexOpener indexes) {
        this.dirs = dirs;
        this.indexes = indexes;
    }

    public LoadedModel loadModel(Path dir) {
        LanguageModel lm = ModelLoader.load(dir);
        if (lm.tokenizer() == null) {
            lm.close();
            throw new BadInputException(dir, "has no tokenizer.json, so prompts cannot be typed");
        }
        return new LoadedModel(dir, displayName(dir), lm);
    }

    /** A cached hub model by id ("gpt2", "EleutherAI/pythia-70m"). */
    public LoadedModel loadCachedModel(String id) {
        Path dir = ModelLoader.resolve(id);
        LoadedModel m = loadModel(dir);
        return new LoadedModel(dir, id, m.lm());
    }

    /** Loads an SAE and checks it against {@code model} (when one is open); closes it again on a mismatch. */
    public LoadedSae loadSae(Path path, LoadedModel model) {
        Sae sae = SaeLoader.load(path, spec -> SaeKernels.create(spec, "cpu"));
        try {
            String hook = sae.config().hookName();
            if (hook == null) {
                throw new MismatchException(path, "names no hook_name, so SAEscope cannot tell where in the model it reads");
            }
            LoadedSae loaded = new LoadedSae(path, displayName(path), sae, new SaeDictionary(sae), hook, sae.weightsSha256());
            if (model != null) {
                checkFits(loaded, model);
            }
            return loaded;
        } catch (RuntimeException e) {
            sae.close();
            throw e;
        }
    }

    /** Refuses an SAE whose hook the model lacks or whose width differs from the hook's. */
    public static void checkFits(LoadedSae sae, LoadedModel model) {
        LanguageModel lm = model.lm();
        if (!lm.hookNames().contains(sae.hook())) {
            throw new MismatchException(sae.path(), "reads hook " + sae.hook() + ", which the model " + model.name()
                    + " does not have (it has " + lm.config().nLayers() + " layers: blocks.0 … blocks."
                    + (lm.config().nLayers() - 1) + ")");
        }
        int width = lm.hookWidth(sae.hook());
        if (width != sae.sae().config().dIn()) {
            throw new MismatchException(sae.path(), "has d_in " + sae.sae().config().dIn() + " but hook " + sae.hook()
                    + " of " + model.name() + " is " + width + " wide: this SAE was trained on another model");
        }
    }

    /** The catalog an SAE has without an index. */
    public FeatureCatalog bareCatalog(LoadedSae sae) {
        return new SaeOnlyCatalog(sae.sae(), "no index");
    }

    /** The SAE's labels in the label store of the user's data directory (the one the CLI uses too). */
    public LabelBook labelsFor(LoadedSae sae) {
        return StoreLabelBook.open(dirs.labelStore(), sae.identity());
    }

    /** Opens an index and refuses one that was built for another SAE. */
    public FeatureCatalog loadIndex(Path file, LoadedSae sae) {
        FeatureCatalog catalog = indexes.open(file);
        if (sae != null && catalog.saeIdentity() != null && !catalog.saeIdentity().equals(sae.identity())) {
            catalog.close();
            throw new MismatchException(file, "was built for another SAE (weights sha256 " + abbrev(catalog.saeIdentity())
                    + "…), not the open " + sae.name() + " (" + abbrev(sae.identity()) + "…)");
        }
        if (sae != null && catalog.featureCount() != sae.dSae()) {
            catalog.close();
            throw new MismatchException(file, "describes " + catalog.featureCount() + " features but " + sae.name()
                    + " has " + sae.dSae());
        }
        return catalog;
    }

    private static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    static String displayName(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        return name == null ? p.toString() : name.toString();
    }
}
