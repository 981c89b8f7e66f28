package io.lrlab.kernel;

import io.lrlab.model.ModelPreset;
import io.lrlab.model.ResNet;
import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.NativeBackend;
import io.lrlab.training.ClassicMomentum;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * lrlab's networks update their parameters through DL4J's standard updater path, bit for bit as DL4J's own
 * updater does through its external-gradient path, L2 and momentum included, and keep the updater's state when a
 * saved network is loaded.
 */
class FlatGradientUpdaterTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.configure();
    }

    @Test
    void updatesAsDl4jsOwnUpdaterDoesButOnTheStandardPath() {
        ResNet resnet = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10);
        ComputationGraph ours = resnet.init(8, new ClassicMomentum(0.05, 0.9));
        ComputationGraph dl4j = resnet.init(8, new ClassicMomentum(0.05, 0.9));
        dl4j.setUpdater(new ComputationGraphUpdater(dl4j, dl4j.getUpdater().getStateViewArray()));
        assertThat(ours.params()).isEqualTo(dl4j.params());

        Nd4j.getRandom().setSeed(3);
        for (int step = 0; step < 3; step++) {
            DataSet batch = new DataSet(Nd4j.rand(8, 3, 32, 32), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7));
            ours.fit(batch);
            dl4j.fit(batch);
            assertThat(ours.params()).as("parameters after step %d", step).isEqualTo(dl4j.params());
            assertThat(ours.getUpdater().getStateViewArray()).as("momentum after step %d", step)
                    .isEqualTo(dl4j.getUpdater().getStateViewArray());
        }
        assertThat(((FlatGradientUpdater) ours.getUpdater()).standardUpdates()).isEqualTo(3);
        LayerHelpers.release(ours);
        LayerHelpers.release(dl4j);
    }

    @Test
    void aLoadedNetworkKeepsItsUpdatersState() throws IOException {
        ComputationGraph trained = new ResNet(ModelPreset.RESNET_TINY.spec(), 32, 32, 3, 10).init(9, new ClassicMomentum(0.05, 0.9));
        trained.fit(new DataSet(Nd4j.rand(8, 3, 32, 32), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7)));
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(trained, saved, true);

        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(saved.toByteArray()), true);
        LayerHelpers.install(loaded);
        assertThat(loaded.getUpdater()).isInstanceOf(FlatGradientUpdater.class);
        assertThat(loaded.getUpdater().getStateViewArray().norm2Number().doubleValue()).as("momentum, not zeros").isGreaterThan(0);
        assertThat(loaded.getUpdater().getStateViewArray()).isEqualTo(trained.getUpdater().getStateViewArray());
        LayerHelpers.release(trained);
        LayerHelpers.release(loaded);
    }
}
