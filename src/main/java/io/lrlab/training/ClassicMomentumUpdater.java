package io.lrlab.training;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state and step of {@link ClassicMomentum}. DL4J subtracts the returned update from the parameters,
 * so the velocity is kept negated: {@code u = mu * u + lr * g; w -= u}, the same as Keras' {@code v = mu * v - lr * g; w += v}.
 */
class ClassicMomentumUpdater implements GradientUpdater<ClassicMomentum> {

    static final String VELOCITY = "V";

    private final ClassicMomentum config;
    private INDArray velocity;

    ClassicMomentumUpdater(ClassicMomentum config) {
        this.config = config;
    }

    @Override
    public ClassicMomentum getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        if (!state.containsKey(VELOCITY) || state.size() != 1) {
            throw new IllegalStateException("classic momentum expects exactly the state " + VELOCITY + ", got " + state.keySet());
        }
        velocity = state.get(VELOCITY);
        if (initialize) {
            velocity.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        velocity = viewArray.reshape(gradientOrder, gradientShape);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        double lr = config.getLearningRate(iteration, epoch);
        velocity.muli(config.getMomentum()).addi(gradient.muli(lr));
        gradient.assign(velocity);
    }
}
