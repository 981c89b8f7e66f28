package io.lrlab.chart;

import java.awt.Color;

/** Distinct series colours (matplotlib's tab10), so each line is easy to tell apart and to find in a test. */
public final class Palette {

    private static final Color[] COLORS = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private Palette() {
    }

    public static Color color(int index) {
        return COLORS[index % COLORS.length];
    }

    public static int size() {
        return COLORS.length;
    }
}
