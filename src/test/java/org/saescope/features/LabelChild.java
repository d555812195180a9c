package org.saescope.features;

import java.nio.file.Path;
import java.util.List;

/**
 * Child-process entry for the label kill test: sets one label, prints "ACK" once the store has
 * returned, then keeps running until it is killed. Arguments: store file, sae id, feature, label.
 */
public final class LabelChild {
    private LabelChild() {
    }

    public static void main(String[] args) throws Exception {
        LabelStore store = LabelStore.open(Path.of(args[0]));
        store.set(args[1], Integer.parseInt(args[2]), args[3], List.of("killed"), "written just before kill -9", "child");
        System.out.println("ACK");
        System.out.flush();
        Thread.sleep(60_000); // never closes the store: the parent kills it
    }
}
