namespace Backprop.Nano
{
    /// <summary>
    /// The activation functions and their derivatives over whole buffers.
    /// </summary>
    /// <remarks>
    /// Each method branches on the activation once and then runs a plain loop: on nanoCLR,
    /// an interpreter, a call or a switch per element costs more than the arithmetic.
    /// </remarks>
    public static class Activations
    {
        /// <summary>Replaces buffer[0..count) holding u by z = f(u).</summary>
        public static void Apply(Activation activation, float[] buffer, int count)
        {
            switch (activation)
            {
                case Activation.Identity:
                    return;
                case Activation.Relu:
                    for (int j = 0; j < count; j++)
                    {
                        // "0 not below it" also maps NaN to 0 rather than letting it through.
                        if (!(0f < buffer[j])) buffer[j] = 0f;
                    }
                    return;
                case Activation.Sigmoid:
                    for (int j = 0; j < count; j++) buffer[j] = FloatMath.Sigmoid(buffer[j]);
                    return;
                case Activation.Tanh:
                    for (int j = 0; j < count; j++) buffer[j] = FloatMath.Tanh(buffer[j]);
                    return;
                default:
                    throw new System.ArgumentOutOfRangeException("activation");
            }
        }

        /// <summary>
        /// delta[j] *= f'(u_j) for j in [0, count), with f' expressed through z = f(u).
        /// </summary>
        /// <remarks>
        /// The derivative belongs at u, not at z (the seed notebook's d_sigmoid(z1) evaluates
        /// it at the wrong point). Written through z it is exact and needs no second exp:
        /// sigmoid' = z (1 - z), tanh' = 1 - z^2, relu' = [u > 0] = [z > 0], identity' = 1.
        /// </remarks>
        public static void MultiplyByDerivative(Activation activation, float[] delta, float[] z, int count)
        {
            switch (activation)
            {
                case Activation.Identity:
                    return;
                case Activation.Relu:
                    for (int j = 0; j < count; j++)
                    {
                        if (!(0f < z[j])) delta[j] = 0f;
                    }
                    return;
                case Activation.Sigmoid:
                    for (int j = 0; j < count; j++) delta[j] *= z[j] * (1f - z[j]);
                    return;
                case Activation.Tanh:
                    for (int j = 0; j < count; j++) delta[j] *= 1f - z[j] * z[j];
                    return;
                default:
                    throw new System.ArgumentOutOfRangeException("activation");
            }
        }
    }
}
