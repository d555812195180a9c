package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class NdArraysTest {
    @Test
    void floatsRoundTripThroughDjlWithShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = NdArrays.toNd(m, new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
            assertThat(a.getShape().getShape()).containsExactly(2, 3);
            assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
            // Row-major: element [1, 0] is the fourth value.
            assertThat(a.get(1, 0).getFloat()).isEqualTo(4f);
            assertThat(NdArrays.toFloats(a.transpose())).containsExactly(1, 4, 2, 5, 3, 6);
            assertThatThrownBy(() -> NdArrays.toNd(m, new float[5], 2, 3)).hasMessageContaining("holds 6 elements");
        }
    }

    @Test
    void bf16TensorFromAFileArrivesWidenedToF32() {
        try (NDManager m = NDManager.newBaseManager();
             SafetensorsFile f = SafetensorsFile.open(Fixtures.resource("all_dtypes.safetensors"))) {
            NDArray a = NdArrays.toNd(m, f, "brain");
            assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(a.getShape().getShape()).containsExactly(3, 4);
            assertThat(Fixtures.bits(NdArrays.toFloats(a))).containsExactly(Fixtures.bits(f.readF32("brain")));
        }
    }

    @Test
    void otherDtypesAreConvertedWithoutLeakingIntoTheCallersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ints = m.create(new int[]{-1, 7, 1 << 24});
            int before = m.getManagedArrays().size();
            assertThat(NdArrays.toFloats(ints)).containsExactly(-1f, 7f, 16777216f);
            assertThat(m.getManagedArrays()).hasSize(before);
        }
    }
}
