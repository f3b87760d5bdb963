package jtorch.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} could not match, as PyTorch's {@code
 * _IncompatibleKeys}.
 *
 * @param missingKeys keys the module has but the state dict lacks
 * @param unexpectedKeys keys the state dict has but the module lacks
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {}
