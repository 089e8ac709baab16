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
                case Activation.Softmax:
                    Softmax(buffer, buffer, count);
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
            // One branch, then a loop without calls (nanoCLR interprets a call per element); the products
            // are TimesDerivative's, so the bits are too.
            switch (activation)
            {
                case Activation.Identity:
                    return;
                case Activation.Relu:
                    for (int j = 0; j < count; j++) delta[j] = 0f < z[j] ? delta[j] : 0f;
                    return;
                case Activation.Sigmoid:
                    for (int j = 0; j < count; j++) delta[j] = delta[j] * (z[j] * (1f - z[j]));
                    return;
                case Activation.Tanh:
                    for (int j = 0; j < count; j++) delta[j] = delta[j] * (1f - z[j] * z[j]);
                    return;
                case Activation.Softmax:
                    throw NoPerUnitDerivative();
                default:
                    throw new System.ArgumentOutOfRangeException("activation");
            }
        }

        /// <summary>
        /// factor[j] = f'(u_j) through z_j = f(u_j) for j in [0, count), so that a loop can multiply by
        /// factor[j] instead of calling <see cref="TimesDerivative"/> (value * factor[j] is its result, bit for bit).
        /// </summary>
        public static void Derivatives(Activation activation, float[] z, float[] factor, int count)
        {
            // TimesDerivative(activation, 1f, z) without a call per element: 1f * a is exactly a.
            switch (activation)
            {
                case Activation.Identity:
                    for (int j = 0; j < count; j++) factor[j] = 1f;
                    return;
                case Activation.Relu:
                    for (int j = 0; j < count; j++) factor[j] = 0f < z[j] ? 1f : 0f;
                    return;
                case Activation.Sigmoid:
                    for (int j = 0; j < count; j++) factor[j] = z[j] * (1f - z[j]);
                    return;
                case Activation.Tanh:
                    for (int j = 0; j < count; j++) factor[j] = 1f - z[j] * z[j];
                    return;
                case Activation.Softmax:
                    throw NoPerUnitDerivative();
                default:
                    throw new System.ArgumentOutOfRangeException("activation");
            }
        }

        /// <summary>value * f'(u) for one unit whose output is z = f(u) (see MultiplyByDerivative).</summary>
        public static float TimesDerivative(Activation activation, float value, float z)
        {
            switch (activation)
            {
                case Activation.Identity:
                    return value;
                case Activation.Relu:
                    // "0 not below z" also maps NaN to 0.
                    return 0f < z ? value : 0f;
                case Activation.Sigmoid:
                    return value * (z * (1f - z));
                case Activation.Tanh:
                    return value * (1f - z * z);
                case Activation.Softmax:
                    throw NoPerUnitDerivative();
                default:
                    throw new System.ArgumentOutOfRangeException("activation");
            }
        }
    
        /// <summary>
        /// The softmax of u[0..count) into y[0..count), y_j = e^(u_j - m) / sum_k e^(u_k - m) with m = max_k u_k,
        /// which is e^(u_j) / sum_k e^(u_k) without overflow. Leaves u_j - m in u (the log-sum-exp form of the loss,
        /// log y_j = (u_j - m) - log(sum), needs it) and returns the sum, at least 1 (its largest term is e^0), or
        /// NaN when some u_j is NaN or infinite, which then makes every y_j NaN. y may be u itself.
        /// </summary>
        public static float Softmax(float[] u, float[] y, int count)
        {
            // "m below u_j" is false for a NaN u_j; a NaN still reaches the sum through e^(NaN - m).
            float max = u[0];
            for (int j = 1; j < count; j++)
            {
                if (max < u[j]) max = u[j];
            }
            float sum = 0f;
            for (int j = 0; j < count; j++)
            {
                float shifted = u[j] - max;
                u[j] = shifted;
                float e = FloatMath.Exp(shifted);
                y[j] = e;
                sum += e;
            }
            // sum >= 1 when finite; otherwise (NaN, from a NaN or infinite u) no division at all.
            if (!(1f <= sum))
            {
                for (int j = 0; j < count; j++) y[j] = float.NaN;
                return float.NaN;
            }
            for (int j = 0; j < count; j++) y[j] = y[j] / sum;
            return sum;
        }

        // The softmax's Jacobian dy_j/du_k = y_j (delta_jk - y_k) is not diagonal: there is no f'(u_j) per unit.
        // Its one use, the output layer under cross-entropy, needs none (delta2 = y - d, see TwoLayerNetwork.OutputDeltas).
        private static System.ArgumentException NoPerUnitDerivative()
        {
            return new System.ArgumentException(
                "Softmax has no derivative per unit; it is an output layer with cross-entropy, where delta2 = y - d.", "activation");
        }
    }
}
