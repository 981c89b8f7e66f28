package io.lrlab.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Precision, recall, F1 and support per class, with micro, macro and weighted averages, as scikit-learn's
 * {@code classification_report} prints them; plus the confusion matrix (rows = true class, columns = predicted).
 */
public record ClassificationReport(List<ClassScores> classes, Scores microAvg, Scores macroAvg, Scores weightedAvg,
                                   double accuracy, long support, List<String> labels, long[][] confusion) {

    public record ClassScores(String label, double precision, double recall, double f1, long support) {
    }

    public record Scores(double precision, double recall, double f1, long support) {
    }

    public static ClassificationReport of(List<String> labels, long[][] confusion) {
        int k = labels.size();
        long total = 0;
        long correct = 0;
        long[] predicted = new long[k];
        long[] actual = new long[k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                total += confusion[t][p];
                actual[t] += confusion[t][p];
                predicted[p] += confusion[t][p];
            }
            correct += confusion[t][t];
        }
        List<ClassScores> scores = new ArrayList<>();
        double[] macro = new double[3];
        double[] weighted = new double[3];
        for (int c = 0; c < k; c++) {
            double precision = ratio(confusion[c][c], predicted[c]);
            double recall = ratio(confusion[c][c], actual[c]);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.add(new ClassScores(labels.get(c), precision, recall, f1, actual[c]));
            macro[0] += precision / k;
            macro[1] += recall / k;
            macro[2] += f1 / k;
            double w = total == 0 ? 0 : (double) actual[c] / total;
            weighted[0] += precision * w;
            weighted[1] += recall * w;
            weighted[2] += f1 * w;
        }
        // for single-label classification micro precision = micro recall = micro F1 = accuracy
        double accuracy = ratio(correct, total);
        long[][] copy = new long[k][];
        for (int t = 0; t < k; t++) {
            copy[t] = confusion[t].clone();
        }
        return new ClassificationReport(List.copyOf(scores), new Scores(accuracy, accuracy, accuracy, total),
                new Scores(macro[0], macro[1], macro[2], total), new Scores(weighted[0], weighted[1], weighted[2], total),
                accuracy, total, List.copyOf(labels), copy);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** The report as text, laid out like scikit-learn's. */
    public String toText() {
        int width = Math.max(12, labels.stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder out = new StringBuilder(String.format("%" + width + "s %9s %9s %9s %9s%n%n", "", "precision", "recall", "f1-score", "support"));
        for (ClassScores c : classes) {
            out.append(String.format("%" + width + "s %9.2f %9.2f %9.2f %9d%n", c.label(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        out.append('\n');
        out.append(String.format("%" + width + "s %9s %9s %9.2f %9d%n", "accuracy", "", "", accuracy, support));
        appendRow(out, width, "micro avg", microAvg);
        appendRow(out, width, "macro avg", macroAvg);
        appendRow(out, width, "weighted avg", weightedAvg);
        return out.toString();
    }

    private static void appendRow(StringBuilder out, int width, String name, Scores s) {
        out.append(String.format("%" + width + "s %9.2f %9.2f %9.2f %9d%n", name, s.precision(), s.recall(), s.f1(), s.support()));
    }
}
