#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>A reproducible stream of 3-input, 2-output samples for the optimizer tests: d = (x0 - x1 * x2, 0.5 x1).</summary>
    public sealed class SampleStream
    {
        private readonly DeterministicRandom _random;
        public readonly float[] X = new float[3];
        public readonly float[] D = new float[2];

        public SampleStream(uint seed)
        {
            _random = new DeterministicRandom(seed);
        }

        public void Next()
        {
            for (int i = 0; i < X.Length; i++) X[i] = _random.NextSymmetric(1f);
            D[0] = X[0] - X[1] * X[2];
            D[1] = 0.5f * X[1];
        }

        /// <summary>
        /// The next sample of <paramref name="samples"/> into <paramref name="optimizer"/>, and the next of its twin stream
        /// <paramref name="referenceSamples"/> through <paramref name="reference"/>'s Forward and Backward, adding that gradient
        /// into <paramref name="gradients"/>: both must see the same E.
        /// </summary>
        public static void StepBesideReference(IOptimizer optimizer, SampleStream samples, TwoLayerNetwork reference,
            SampleStream referenceSamples, ParameterBuffers gradients, string name)
        {
            samples.Next();
            float loss = optimizer.Step(samples.X, samples.D);
            referenceSamples.Next();
            reference.Forward(referenceSamples.X);
            Assert.AreEqual(reference.Backward(referenceSamples.X, referenceSamples.D, gradients), loss, name + ": E");
        }
    }
}
