namespace Backprop.Nano
{
    /// <summary>The two SGD update loops of the optimizer, four elements a round (fewer interpreted loop tests on nanoCLR).</summary>
    internal static class Sgd
    {
        public static void Descend(float[] weights, float[] gradient, float step)
        {
            int length = weights.Length, k = 0;
            for (int end = length - 3; k < end; k += 4)
            {
                weights[k] -= step * gradient[k];
                weights[k + 1] -= step * gradient[k + 1];
                weights[k + 2] -= step * gradient[k + 2];
                weights[k + 3] -= step * gradient[k + 3];
            }
            for (; k < length; k++) weights[k] -= step * gradient[k];
        }

        public static void DescendWithMomentum(float[] weights, float[] gradient, float[] velocity, float step, float momentum)
        {
            int length = weights.Length, k = 0;
            float v;
            for (int end = length - 3; k < end; k += 4)
            {
                velocity[k] = v = momentum * velocity[k] - step * gradient[k]; weights[k] += v;
                velocity[k + 1] = v = momentum * velocity[k + 1] - step * gradient[k + 1]; weights[k + 1] += v;
                velocity[k + 2] = v = momentum * velocity[k + 2] - step * gradient[k + 2]; weights[k + 2] += v;
                velocity[k + 3] = v = momentum * velocity[k + 3] - step * gradient[k + 3]; weights[k + 3] += v;
            }
            for (; k < length; k++)
            {
                velocity[k] = v = momentum * velocity[k] - step * gradient[k];
                weights[k] += v;
            }
        }
    }
}
