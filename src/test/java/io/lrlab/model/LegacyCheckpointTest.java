package io.lrlab.model;

import io.lrlab.kernel.Dl4jConvolutions;
import io.lrlab.kernel.FastBatchNormHelper;
import io.lrlab.kernel.LayerHelpers;
import io.lrlab.kernel.OneDnnConvHelper;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model written by lrlab 0.2 (channels-first, before lrlab had kernels of its own for convolutions; the file was
 * made by commit 9c6ed7f: resnet-tiny, seed 7, three steps of momentum SGD) still loads and resumes: it keeps its
 * layout, gets lrlab's kernels for that layout, and trains on exactly as DL4J's kernels train it.
 */
class LegacyCheckpointTest {

    private static final String MODEL = "/checkpoints/resnet-tiny-lrlab-0.2.zip";

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void aChannelsFirstModelOfLrlab02ResumesOnLrlabsKernelsAsOnDl4jsOwn() {
        ComputationGraph resumed = restore();
        LayerHelpers.install(resumed);
        assertThat(resumed.getConfiguration().getVertices()).doesNotContainKey(ResNet.CHANNELS_LAST);
        assertThat(((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) resumed.getLayer("s1m1_conv2").conf().getLayer())
                .getCnn2dDataFormat()).isEqualTo(CNN2DFormat.NCHW);
        assertThat(resumed.getLayer("s1m1_conv2").getHelper()).isInstanceOf(OneDnnConvHelper.class);
        assertThat(resumed.getLayer("s1m1_bn2").getHelper()).isInstanceOf(FastBatchNormHelper.class);

        ComputationGraph reference = Dl4jConvolutions.building(LegacyCheckpointTest::restore);
        assertThat(reference.getLayer("s1m1_conv2").getHelper().getClass().getSimpleName()).isEqualTo("MKLDNNConvHelper");
        assertThat(resumed.params()).isEqualTo(reference.params());
        assertThat(resumed.getIterationCount()).as("the updater's position survives").isEqualTo(3);

        Nd4j.getRandom().setSeed(17);
        for (int step = 0; step < 3; step++) {
            DataSet batch = new DataSet(Nd4j.rand(16, 3, 32, 32).subi(0.5), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5));
            reference.fit(batch);
            resumed.fit(batch);
            assertThat(resumed.score()).as("loss at resumed step " + step)
                    .isCloseTo(reference.score(), org.assertj.core.data.Percentage.withPercentage(0.01));
        }
        assertThat(resumed.params().sub(reference.params()).norm2Number().doubleValue() / reference.params().norm2Number().doubleValue())
                .isLessThan(1e-4);
    }

    private static ComputationGraph restore() {
        try (InputStream in = LegacyCheckpointTest.class.getResourceAsStream(MODEL)) {
            return ModelSerializer.restoreComputationGraph(in, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
