package org.saescope.lm;

/** Steering: {@code x += strength · direction} on the chosen positions. */
public record AddDirection(String hook, float[] direction, float strength, Positions positions) implements Intervention {
    public AddDirection {
        direction = direction.clone();
    }

    public AddDirection(String hook, float[] direction, float strength) {
        this(hook, direction, strength, Positions.all());
    }

    @Override
    public float[] direction() {
        return direction.clone();
    }

    @Override
    public int width() {
        return direction.length;
    }

    @Override
    public void edit(float[] act, int rows, int firstPosition) {
        int d = direction.length;
        for (int r = 0; r < rows; r++) {
            if (positions.contains(firstPosition + r)) {
                for (int j = 0, o = r * d; j < d; j++) {
                    act[o + j] += strength * direction[j];
                }
            }
        }
    }
}
