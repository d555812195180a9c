package org.saescope.train;

import java.util.Arrays;

/** An in-memory, rewindable {@link ActivationSource} that hands out fixed-size chunks of one array. */
public final class ArrayActivationSource implements ActivationSource {
    private final float[] data;
    private final int dIn;
    private final int chunkRows;
    private final String name;
    private int nextRow;

    /**
     * @param data      [rows, dIn] row-major; its length must be a multiple of dIn
     * @param chunkRows rows per chunk returned by {@link #next()}
     */
    public ArrayActivationSource(float[] data, int dIn, int chunkRows, String name) {
        if (dIn <= 0 || chunkRows <= 0 || data.length % dIn != 0) {
            throw new IllegalArgumentException("data length " + data.length + " is not a multiple of dIn " + dIn);
        }
        this.data = data;
        this.dIn = dIn;
        this.chunkRows = chunkRows;
        this.name = name;
    }

    @Override
    public int dIn() {
        return dIn;
    }

    public int rows() {
        return data.length / dIn;
    }

    @Override
    public float[] next() {
        int rows = rows();
        if (nextRow >= rows) {
            return null;
        }
        int end = Math.min(rows, nextRow + chunkRows);
        float[] out = Arrays.copyOfRange(data, nextRow * dIn, end * dIn);
        nextRow = end;
        return out;
    }

    @Override
    public boolean rewind() {
        nextRow = 0;
        return true;
    }

    @Override
    public String describe() {
        return name;
    }
}
