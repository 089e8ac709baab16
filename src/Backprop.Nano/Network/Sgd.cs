namespace Backprop.Nano
{
    /// <summary>The two SGD update loops of the optimizer.</summary>
    internal static class Sgd
    {
        public static void Descend(float[] weights, float[] gradient, float step)
        {
            for (int k = 0; k < weights.Length; k++)
            {
                weights[k] -= step * gradient[k];
            }
        }

        public static void DescendWithMomentum(float[] weights, float[] gradient, float[] velocity, float step, float momentum)
        {
            for (int k = 0; k < weights.Length; k++)
            {
                float v = momentum * velocity[k] - step * gradient[k];
                velocity[k] = v;
                weights[k] += v;
            }
        }
    }
}
