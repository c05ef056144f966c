package dev.lui.core.domain;

/** A named set of nodes that resources can be allocated to. Membership lives on {@link Node}. */
public record Group(String name) {}
