package io.lrlab.schedule;

/** The JSON shape a schedule parameter takes. */
public enum ParameterKind {
    NUMBER, INTEGER, BOOLEAN, CHOICE, NUMBER_LIST, INTEGER_LIST
}
