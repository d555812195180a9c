package org.saescope.app.prompt;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.Duration;

/**
 * Tokens drawn on one Canvas as coloured cells (never a node per token): the cell's colour is the
 * token's value on the current scale, spaces and newlines are visible (␣, ↵). Hover shows a
 * tooltip, click selects. Reused for the prompt and for the dashboard's example strips, where the
 * focal token (the one the example was chosen for) is underlined in the theme's accent colour.
 */
public final class TokenHeatmap extends Region {
    private static final Font FONT = Font.font("Monospaced", 13);
    private static final double LINE = 20;
    /** Thickness of the focal token's underline, drawn in the gap below its cell. */
    public static final double FOCUS_BAR = 3;

    private final Canvas canvas = new Canvas(10, LINE);
    private final Map<String, Double> widths = new HashMap<>();
    private final Tooltip tooltip = new Tooltip();
    private String[] pieces = new String[0];
    private float[] values = new float[0];
    private double max;
    private int selected = -1;
    private int focus = -1;
    private boolean dark;
    private boolean wrap = true;
    private HeatmapLayout layout = HeatmapLayout.of(new String[0], s -> 0, 10, LINE);
    private IntFunction<String> tooltips = t -> "";
    private IntConsumer onClick = t -> { };
    private int hovered = -1;
    private long lastDrawNanos;

    public TokenHeatmap() {
        getChildren().add(canvas);
        tooltip.setShowDelay(Duration.millis(150));
        tooltip.setStyle("-fx-font-family: monospace;");
        canvas.setOnMouseMoved(e -> {
            int t = layout.hit(e.getX(), e.getY());
            if (t != hovered) {
                hovered = t;
                if (t < 0) {
                    Tooltip.uninstall(canvas, tooltip);
                } else {
                    tooltip.setText(tooltips.apply(t));
                    Tooltip.install(canvas, tooltip);
                }
            }
        });
        canvas.setOnMouseExited(e -> hovered = -1);
        canvas.setOnMouseClicked(e -> {
            int t = layout.hit(e.getX(), e.getY());
            if (t >= 0) {
                onClick.accept(t);
            }
        });
        widthProperty().addListener((o, a, b) -> relayout());
    }

    /** One line, no wrapping (example strips). */
    public void setWrap(boolean wrap) {
        this.wrap = wrap;
    }

    public void setTooltips(IntFunction<String> tooltips) {
        this.tooltips = tooltips;
    }

    public void setOnTokenClicked(IntConsumer onClick) {
        this.onClick = onClick;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        draw();
    }

    public void setTokens(String[] newPieces, float[] newValues, double newMax, int newSelected) {
        this.pieces = newPieces;
        this.values = newValues;
        this.max = newMax;
        this.selected = newSelected;
        relayout();
    }

    /** Marks token {@code newFocus} (-1: none) as the one an example was chosen for. */
    public void setFocus(int newFocus) {
        this.focus = newFocus;
        relayout();
    }

    public int focus() {
        return focus;
    }

    /** The canvas (tests snapshot it and read pixels). */
    public Canvas canvas() {
        return canvas;
    }

    public HeatmapLayout cells() {
        return layout;
    }

    /** When the last draw finished (System.nanoTime), for the latency measurement. */
    public long lastDrawNanos() {
        return lastDrawNanos;
    }

    private double textWidth(String s) {
        return widths.computeIfAbsent(s, k -> {
            Text t = new Text(k);
            t.setFont(FONT);
            return t.getLayoutBounds().getWidth();
        });
    }

    private void relayout() {
        double w = wrap ? Math.max(50, getWidth() > 0 ? getWidth() : 600) : Double.MAX_VALUE;
        layout = HeatmapLayout.of(pieces, this::textWidth, w, LINE);
        double contentW = 0;
        for (int i = 0; i < layout.size(); i++) {
            contentW = Math.max(contentW, layout.x(i) + layout.width(i) + HeatmapLayout.GAP);
        }
        canvas.setWidth(wrap ? Math.max(50, getWidth() > 0 ? getWidth() : 600) : Math.max(10, contentW));
        // room below the last line for the focal underline
        canvas.setHeight(Math.max(LINE + 4, layout.height()) + (focus >= 0 ? FOCUS_BAR : 0));
        setPrefHeight(canvas.getHeight());
        setMinHeight(canvas.getHeight());
        if (!wrap) {
            setPrefWidth(canvas.getWidth());
            setMinWidth(canvas.getWidth());
        }
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        ActivationColors colors = new ActivationColors(dark);
        g.setFill(rgb(colors.cold()));
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setFont(FONT);
        for (int i = 0; i < layout.size(); i++) {
            int c = colors.rgb(i < values.length ? values[i] : 0, max);
            g.setFill(rgb(c));
            g.fillRect(layout.x(i), layout.y(i), layout.width(i), LINE);
            g.setStroke(i == selected ? Color.DODGERBLUE : (dark ? Color.gray(0.4) : Color.gray(0.8)));
            g.setLineWidth(i == selected ? 2 : 1);
            g.strokeRect(layout.x(i) + 0.5, layout.y(i) + 0.5, layout.width(i) - 1, LINE - 1);
            g.setFill(rgb(ActivationColors.textFor(c)));
            g.fillText(TokenText.visible(pieces[i]), layout.x(i) + HeatmapLayout.PAD_X, layout.y(i) + LINE - 6);
        }
        if (focus >= 0 && focus < layout.size()) {
            // below the cell, on the background: on the cell it would vanish into a hot colour
            g.setFill(rgb(colors.accent()));
            g.fillRect(layout.x(focus), layout.y(focus) + LINE, layout.width(focus), FOCUS_BAR);
        }
        lastDrawNanos = System.nanoTime();
    }

    static Color rgb(int c) {
        return Color.rgb((c >> 16) & 255, (c >> 8) & 255, c & 255);
    }

    @Override
    protected void layoutChildren() {
        canvas.relocate(0, 0);
    }
}
