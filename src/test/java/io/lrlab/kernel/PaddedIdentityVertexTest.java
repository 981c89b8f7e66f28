package io.lrlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.model.PaddedIdentity;
import io.lrlab.system.NativeBackend;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Option A, element by element against its definition, in both layouts and on an odd size. */
class PaddedIdentityVertexTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void keepsEverySecondPixelInTheMiddleChannelsAndSendsTheirGradientBack(CNN2DFormat format) {
        boolean last = format == CNN2DFormat.NHWC;
        int n = 2, c = 4, h = 5, w = 6, channels = 8;
        INDArray x = Nd4j.rand(DataType.FLOAT, last ? new long[] {n, h, w, c} : new long[] {n, c, h, w});
        PaddedIdentityVertex vertex = new PaddedIdentityVertex(graph(), "shortcut", 0, channels, 2, format, DataType.FLOAT);
        vertex.setInputs(new INDArray[] {x});
        INDArray y = vertex.doForward(true, LayerWorkspaceMgr.noWorkspaces());

        assertThat(y.shape()).isEqualTo(last ? new long[] {n, 3, 3, channels} : new long[] {n, channels, 3, 3});
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, y.shape());
        vertex.setEpsilon(epsilon);
        INDArray gradient = vertex.doBackward(false, LayerWorkspaceMgr.noWorkspaces()).getSecond()[0];
        assertThat(gradient.shape()).isEqualTo(x.shape());

        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int r = 0; r < 3; r++) {
                    for (int col = 0; col < 3; col++) {
                        int source = ch - 2;
                        float expected = source >= 0 && source < c ? at(x, last, i, source, 2 * r, 2 * col) : 0f;
                        assertThat(at(y, last, i, ch, r, col)).as("output %d,%d,%d,%d", i, ch, r, col).isEqualTo(expected);
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < h; r++) {
                    for (int col = 0; col < w; col++) {
                        float expected = r % 2 == 0 && col % 2 == 0 ? at(epsilon, last, i, ch + 2, r / 2, col / 2) : 0f;
                        assertThat(at(gradient, last, i, ch, r, col)).as("gradient %d,%d,%d,%d", i, ch, r, col).isEqualTo(expected);
                    }
                }
            }
        }
        assertThat(new PaddedIdentity(channels, 2, format).getOutputType(0, InputType.convolutional(h, w, c, format)))
                .isEqualTo(InputType.convolutional(3, 3, channels, format));
    }

    private static float at(INDArray a, boolean last, int n, int c, int h, int w) {
        return last ? a.getFloat(n, h, w, c) : a.getFloat(n, c, h, w);
    }

    private static ComputationGraph graph() {
        return new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addVertex("shortcut", new PaddedIdentity(8, 2, CNN2DFormat.NCHW), "in").setOutputs("shortcut")
                .setInputTypes(InputType.convolutional(5, 6, 4)).build());
    }
}
