package io.lrlab.model;

import io.lrlab.system.NativeBackend;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

public class Probe {
    public static void main(String[] args) {
        NativeBackend.configure();
        System.out.println(Nd4j.getExecutioner().getEnvironmentInformation());
        System.out.println("onednn=" + org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN());
        ModelPreset p = ModelPreset.fromId(args[0]).orElseThrow();
        ComputationGraph net = new ResNet(p.spec(), 32, 32, 3, 10).init(42, new Nesterovs(0.1, 0.9));
        System.out.println("params=" + net.numParams());
        int batch = 128;
        INDArray x = Nd4j.rand(batch, 3, 32, 32);
        INDArray y = Nd4j.zeros(batch, 10);
        for (int i = 0; i < batch; i++) y.putScalar(i, i % 10, 1.0);
        DataSet ds = new DataSet(x, y);
        int iters = Integer.parseInt(args[1]);
        for (int i = 0; i < iters; i++) {
            long t = System.nanoTime();
            net.fit(ds);
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf("iter %d %.3fs %.1f img/s score %.4f%n", i, s, batch / s, net.score());
        }
        System.out.println(net.getLayer("s1m1_conv1").getHelper());
    }
}
