namespace Backprop.Nano
{
    /// <summary>The Adam update loop of <see cref="AdamOptimizer"/> (the formula is in its remarks).</summary>
    internal static class Adam
    {
        public static void Descend(float[] weights, float[] gradient, float[] m, float[] v, float meanScale,
            float beta1, float beta2, float stepScale, float c2, float epsilon)
        {
            float oneMinusBeta1 = 1f - beta1, oneMinusBeta2 = 1f - beta2;
            int length = weights.Length;
            for (int k = 0; k < length; k++)
            {
                float g = gradient[k] * meanScale;
                float mk = beta1 * m[k] + oneMinusBeta1 * g;
                float vk = beta2 * v[k] + oneMinusBeta2 * (g * g);
                m[k] = mk;
                v[k] = vk;
                // sqrt(v-hat) + epsilon >= epsilon > 0.
                weights[k] -= stepScale * mk / (FloatMath.Sqrt(vk * c2) + epsilon);
            }
        }
    }
}
