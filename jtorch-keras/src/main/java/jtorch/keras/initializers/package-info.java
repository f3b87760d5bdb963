/**
 * Weight initializers with Keras's fan rules, as {@code keras.initializers}: {@link
 * jtorch.keras.initializers.Initializers#get} ({@code glorot_uniform}, {@code he_uniform}, {@code
 * lecun_uniform}, {@code zeros}, {@code ones}). See <a
 * href="https://keras.io/api/layers/initializers/">Layer weight initializers</a>.
 */
package jtorch.keras.initializers;
