/** Parameter initialisation, as {@code torch.nn.init}: see {@link jtorch.nn.init.Init}. */
package jtorch.nn.init;
