package io.lrlab.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which parameters matter: the permutation importance of a random forest fitted to the trials (Breiman 2001). A forest
 * of regression trees, each grown on a bootstrap sample of the trials, predicts every trial from the trees that did
 * not see it (out of bag); a parameter's importance is how much that error grows when the parameter's values are
 * shuffled among the trials that have it, and the importances are given as shares of their sum. Unlike a main effect read off the trials themselves, it
 * counts a parameter's interactions too (a rate that is good for one schedule and bad for another).
 *
 * <p>Numeric parameters split at thresholds (log-scaled ranges in log space), categorical ones one value against the
 * rest; a parameter a trial does not have (another schedule's) is a value of its own, below every threshold. Seeded:
 * the same trials give the same importances.
 */
final class ForestImportance {

    static final int TREES = 100;
    static final int MAX_DEPTH = 6;
    static final int MIN_LEAF = 2;
    static final int REPEATS = 5;
    /** A parameter the trial does not have. */
    static final double ABSENT = Double.NEGATIVE_INFINITY;

    private ForestImportance() {
    }

    /**
     * @param features one row per trial: each parameter's value as a number (a category's index for a categorical one;
     *                 {@link #ABSENT} where the trial lacks the parameter)
     * @param categorical which columns are categories
     * @param values      the objective per trial
     * @return each column's share of the forest's permutation importance, in column order: shares that sum to 1, or
     *     all 0 when no shuffle makes the predictions worse
     */
    static double[] importances(double[][] features, boolean[] categorical, double[] values, long seed) {
        int n = values.length;
        int p = categorical.length;
        double variance = variance(values);
        double[] out = new double[p];
        if (n < 2 || variance <= 0) {
            return out;
        }
        Random random = new Random(seed);
        List<Node> trees = new ArrayList<>();
        List<boolean[]> inBag = new ArrayList<>();
        for (int t = 0; t < TREES; t++) {
            int[] sample = new int[n];
            boolean[] seen = new boolean[n];
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
                seen[sample[i]] = true;
            }
            trees.add(grow(features, categorical, values, sample, 0, random));
            inBag.add(seen);
        }
        double base = outOfBagError(trees, inBag, features, values);
        for (int j = 0; j < p; j++) {
            double grown = 0;
            for (int r = 0; r < REPEATS; r++) {
                double[][] shuffled = shuffleColumn(features, j, random);
                grown += outOfBagError(trees, inBag, shuffled, values) - base;
            }
            out[j] = Math.max(0, grown / REPEATS / variance);
        }
        double total = Arrays.stream(out).sum();
        if (total > 0) {
            for (int j = 0; j < p; j++) {
                out[j] /= total;
            }
        }
        return out;
    }

    /** The mean squared error of each trial's out-of-bag prediction, over the trials some tree left out. */
    private static double outOfBagError(List<Node> trees, List<boolean[]> inBag, double[][] features, double[] values) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < values.length; i++) {
            double prediction = 0;
            int votes = 0;
            for (int t = 0; t < trees.size(); t++) {
                if (!inBag.get(t)[i]) {
                    prediction += trees.get(t).predict(features[i]);
                    votes++;
                }
            }
            if (votes > 0) {
                double d = prediction / votes - values[i];
                sum += d * d;
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** The column's values shuffled among the trials that have the parameter: a trial never gets another schedule's. */
    private static double[][] shuffleColumn(double[][] features, int column, Random random) {
        double[][] out = new double[features.length][];
        List<Integer> having = new ArrayList<>();
        for (int i = 0; i < features.length; i++) {
            out[i] = features[i].clone();
            if (features[i][column] != ABSENT) {
                having.add(i);
            }
        }
        for (int a = having.size() - 1; a > 0; a--) {
            int i = having.get(a);
            int k = having.get(random.nextInt(a + 1));
            double v = out[i][column];
            out[i][column] = out[k][column];
            out[k][column] = v;
        }
        return out;
    }

    /** A regression tree: the split that lowers the squared error most, among a third of the columns (at least one). */
    private static Node grow(double[][] x, boolean[] categorical, double[] y, int[] rows, int depth, Random random) {
        double sum = 0;
        double squares = 0;
        for (int i : rows) {
            sum += y[i];
            squares += y[i] * y[i];
        }
        double mean = sum / rows.length;
        if (depth >= MAX_DEPTH || rows.length < 2 * MIN_LEAF) {
            return Node.leaf(mean);
        }
        int p = categorical.length;
        List<Integer> columns = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            columns.add(j);
        }
        Collections.shuffle(columns, random);
        double parentError = squares - sum * sum / rows.length;
        double bestGain = 1e-12 * Math.max(1, Math.abs(parentError));
        int bestColumn = -1;
        double bestThreshold = 0;
        for (int j : columns.subList(0, Math.max(1, (int) Math.ceil(p / 3.0)))) {
            int column = j;
            Integer[] order = Arrays.stream(rows).boxed().sorted(Comparator.comparingDouble(i -> x[i][column])).toArray(Integer[]::new);
            if (categorical[j]) {
                // one category against the rest: each run of equal values in the sorted order is a category
                for (int a = 0; a < order.length; ) {
                    int b = a;
                    double s = 0;
                    double q = 0;
                    while (b < order.length && x[order[b]][j] == x[order[a]][j]) {
                        s += y[order[b]];
                        q += y[order[b]] * y[order[b]];
                        b++;
                    }
                    int left = b - a;
                    int right = order.length - left;
                    if (left >= MIN_LEAF && right >= MIN_LEAF) {
                        double gain = parentError - (q - s * s / left) - ((squares - q) - (sum - s) * (sum - s) / right);
                        if (gain > bestGain) {
                            bestGain = gain;
                            bestColumn = j;
                            bestThreshold = x[order[a]][j];
                        }
                    }
                    a = b;
                }
            } else {
                // every threshold between two neighbouring values, with running sums of the left side
                double s = 0;
                double q = 0;
                for (int k = 0; k < order.length - 1; k++) {
                    s += y[order[k]];
                    q += y[order[k]] * y[order[k]];
                    double here = x[order[k]][j];
                    double next = x[order[k + 1]][j];
                    int left = k + 1;
                    int right = order.length - left;
                    if (here == next || left < MIN_LEAF || right < MIN_LEAF) {
                        continue;
                    }
                    double gain = parentError - (q - s * s / left) - ((squares - q) - (sum - s) * (sum - s) / right);
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestColumn = j;
                        bestThreshold = midpoint(here, next);
                    }
                }
            }
        }
        if (bestColumn < 0) {
            return Node.leaf(mean);
        }
        int[][] sides = split(x, rows, bestColumn, bestThreshold, categorical[bestColumn]);
        return new Node(bestColumn, bestThreshold, categorical[bestColumn], mean,
                grow(x, categorical, y, sides[0], depth + 1, random), grow(x, categorical, y, sides[1], depth + 1, random));
    }

    /** Halfway between two neighbouring values; between "absent" and a value, just above absent, so every value goes right. */
    private static double midpoint(double a, double b) {
        return Double.isInfinite(a) ? -Double.MAX_VALUE : (a + b) / 2;
    }

    /** Rows going left (a category equal to the value, or a number at or below the threshold) and right. */
    private static int[][] split(double[][] x, int[] rows, int column, double threshold, boolean categorical) {
        int[] left = Arrays.stream(rows).filter(i -> goesLeft(x[i][column], threshold, categorical)).toArray();
        int[] right = Arrays.stream(rows).filter(i -> !goesLeft(x[i][column], threshold, categorical)).toArray();
        return new int[][] {left, right};
    }

    private static boolean goesLeft(double value, double threshold, boolean categorical) {
        return categorical ? value == threshold : value <= threshold;
    }

    private static double variance(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
    }

    /** A split or, without children, a leaf's prediction. */
    private record Node(int column, double threshold, boolean categorical, double value, Node left, Node right) {

        static Node leaf(double value) {
            return new Node(-1, 0, false, value, null, null);
        }

        double predict(double[] features) {
            Node node = this;
            while (node.left != null) {
                node = goesLeft(features[node.column], node.threshold, node.categorical) ? node.left : node.right;
            }
            return node.value;
        }
    }

    /** A choice as a category: 5 and 5.0 are one. */
    private static String category(Object choice) {
        return choice instanceof Number n ? Double.toString(n.doubleValue()) : String.valueOf(choice);
    }

    /** The trials as the forest reads them: one column per parameter of the space, in its order. */
    static Map<String, Double> of(Space space, List<StudyView.Trial> completed, long seed) {
        List<Param> params = space.params();
        double[][] features = new double[completed.size()][params.size()];
        boolean[] categorical = new boolean[params.size()];
        double[] values = new double[completed.size()];
        for (int j = 0; j < params.size(); j++) {
            Param param = params.get(j);
            categorical[j] = param.categorical();
            for (int i = 0; i < completed.size(); i++) {
                Object v = completed.get(i).params().get(param.name());
                if (v == null) {
                    features[i][j] = ABSENT;
                } else if (param.categorical()) {
                    features[i][j] = param.choices().stream().map(ForestImportance::category).toList().indexOf(category(v));
                } else {
                    double d = ((Number) v).doubleValue();
                    features[i][j] = param.log() ? Math.log(d) : d;
                }
            }
        }
        for (int i = 0; i < completed.size(); i++) {
            values[i] = completed.get(i).value();
        }
        double[] importance = importances(features, categorical, values, seed);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < params.size(); j++) {
            out.put(params.get(j).name(), importance[j]);
        }
        return out;
    }
}
