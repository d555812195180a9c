package org.saescope.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.saescope.features.Label;
import org.saescope.features.LabelExchange;
import org.saescope.features.LabelStore;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeDescription;
import org.saescope.sae.SaeLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code saescope labels export|import --sae S --format json|csv FILE}: an SAE's labels from the
 * label store to a file and back, as Neuronpedia-style explanation records.
 */
@Command(name = "labels", mixinStandardHelpOptions = true, description = "Export or import an SAE's feature labels.",
        subcommands = {LabelsCommand.Export.class, LabelsCommand.Import.class})
final class LabelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What both subcommands take. */
    static class Common {
        @Option(names = "--sae", required = true, paramLabel = "S", description = "The SAE whose labels these are.")
        Path sae;

        @Option(names = "--format", required = true, description = "json or csv.")
        String format;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Spec
        CommandSpec spec;

        String sha() {
            return Sae.sha256Of(SaeLoader.describe(sae).weightsFile());
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the SAE's current labels to FILE.")
    static final class Export extends Common implements Callable<Integer> {
        @Option(names = "--model-id", description = "modelId to write (default: the SAE's model_name).")
        String modelId;

        @Option(names = "--layer-id", description = "layer (the SAE's id) to write (default: the SAE's hook name).")
        String layerId;

        @Override
        public Integer call() {
            SaeDescription d = SaeLoader.describe(sae);
            String sha = Sae.sha256Of(d.weightsFile());
            List<Label> labels;
            try (LabelStore store = LabelStore.openDefault()) {
                labels = store.all(sha);
            }
            String model = modelId != null ? modelId : d.config().modelName() == null ? "" : d.config().modelName();
            String layer = layerId != null ? layerId : d.config().hookName() == null ? "" : d.config().hookName();
            LabelExchange.write(labels, LabelExchange.Format.parse(format), model, layer, file);
            spec.commandLine().getOut().println(file + ": " + labels.size() + " labels");
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read labels from FILE into the label store (each becomes the current label, earlier ones stay in history).")
    static final class Import extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            String sha = sha();
            List<Label> labels = LabelExchange.read(file, LabelExchange.Format.parse(format), sha);
            try (LabelStore store = LabelStore.openDefault()) {
                store.putAll(labels);
            }
            spec.commandLine().getOut().println(file + ": imported " + labels.size() + " labels");
            return ExitCodes.OK;
        }
    }
}
