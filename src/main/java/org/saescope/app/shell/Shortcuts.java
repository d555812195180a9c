package org.saescope.app.shell;

import java.util.List;

/** Every keyboard shortcut, in one table: the menus use the combinations, Help lists them. */
public final class Shortcuts {
    private Shortcuts() {
    }

    public record Shortcut(String keys, String what) {
    }

    public static final List<Shortcut> ALL = List.of(
            new Shortcut("Ctrl+O", "Open a model folder"),
            new Shortcut("Ctrl+Shift+O", "Open an SAE"),
            new Shortcut("Ctrl+I", "Open a feature index"),
            new Shortcut("Ctrl+E", "Export labels (JSON or CSV)"),
            new Shortcut("Ctrl+Q", "Quit"),
            new Shortcut("Ctrl+1 … Ctrl+5", "Prompt, Features, Triage, Steering, Lab tabs"),
            new Shortcut("Ctrl+D", "Dark theme on/off"),
            new Shortcut("Esc", "Cancel all running jobs"),
            new Shortcut("F1", "This list"),
            new Shortcut("Prompt: click a token", "List every feature active on it"),
            new Shortcut("Prompt: click / double-click a feature", "Colour the heatmap by it / open its dashboard"),
            new Shortcut("Triage: Enter", "Save the label and go to the next feature"),
            new Shortcut("Triage: 1–9", "Pick that suggestion (when the field is empty; Ctrl+digit any time)"),
            new Shortcut("Triage: Alt+→ / Alt+← (Page Down / Page Up)", "Next / previous feature without saving"),
            new Shortcut("Drag a folder onto the window", "Open it as a model, SAE or index"));
}
