package org.saescope.lab;

/**
 * What a 2→1 toy model does with its second ("extra") feature, as the paper's phase diagram
 * colours it: dropped; given the one hidden dimension alone (the first feature dropped instead);
 * or sharing the dimension with the first feature, antipodally, in superposition.
 */
public enum PhaseRegime {
    NOT_REPRESENTED,
    DEDICATED,
    SUPERPOSED
}
