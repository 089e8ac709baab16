namespace Backprop.Nano
{
    /// <summary>
    /// Times the training step on whatever runs it (the board, in the firmware; the desktop, in a
    /// test) and describes the result as one key:value line, like the report lines.
    /// </summary>
    public static class DeviceBenchmark
    {
        /// <summary>The shapes of the desktop benchmarks, as inputs, hidden, outputs triples.</summary>
        public static readonly int[] Shapes = { 2, 10, 1, 8, 32, 4, 16, 64, 8, 32, 128, 8 };

        /// <summary>
        /// Runs <paramref name="steps"/> Forward calls, unfused TrainSteps and fused TrainSteps
        /// (ReLU hidden, identity output, 16 cycled samples) and returns
        /// <c>inputs:I hidden:H outputs:O forward_us:.. train_us:.. fused_us:.. bytes:..</c>,
        /// times in microseconds per call, bytes as MemoryFootprint estimates for the unfused network.
        /// A shape that does not fit the heap gives <c>... skipped:1</c> instead of the times.
        /// </summary>
        public static string Run(int inputs, int hidden, int outputs, int steps)
        {
            Check.AtLeastOne(steps, "steps");
            string shape = "inputs:" + inputs + " hidden:" + hidden + " outputs:" + outputs;
            int bytes = MemoryFootprint.ForNetwork(inputs, hidden, outputs, false).TotalBytes;
            try
            {
                const int Samples = 16;
                var random = new DeterministicRandom(7);
                var x = new float[Samples * inputs];
                var d = new float[Samples * outputs];
                for (int k = 0; k < x.Length; k++) x[k] = random.NextSymmetric(1f);
                for (int k = 0; k < d.Length; k++) d[k] = random.NextSymmetric(1f);
                var sampleX = new float[inputs];
                var sampleD = new float[outputs];

                var network = new TwoLayerNetwork(inputs, hidden, outputs, Activation.Relu, Activation.Identity);
                float forward = Time(network, x, d, sampleX, sampleD, steps, 0);
                float train = Time(network, x, d, sampleX, sampleD, steps, 1);
                network = null;
                var fused = new TwoLayerNetwork(inputs, hidden, outputs, Activation.Relu, Activation.Identity, true);
                float fusedTrain = Time(fused, x, d, sampleX, sampleD, steps, 1);
                return shape + " forward_us:" + DecimalText.Format(forward) + " train_us:" + DecimalText.Format(train)
                    + " fused_us:" + DecimalText.Format(fusedTrain) + " bytes:" + bytes;
            }
            catch (System.OutOfMemoryException)
            {
                return shape + " bytes:" + bytes + " skipped:1";
            }
        }

        // Microseconds per call of Forward (mode 0) or TrainStep (mode 1), samples cycled.
        private static float Time(TwoLayerNetwork network, float[] x, float[] d, float[] sampleX, float[] sampleD, int steps, int mode)
        {
            int inputs = sampleX.Length, outputs = sampleD.Length, samples = x.Length / inputs;
            long started = System.DateTime.UtcNow.Ticks;
            for (int step = 0; step < steps; step++)
            {
                int sample = step % samples;
                System.Array.Copy(x, sample * inputs, sampleX, 0, inputs);
                System.Array.Copy(d, sample * outputs, sampleD, 0, outputs);
                if (mode == 0) network.Forward(sampleX);
                else network.TrainStep(sampleX, sampleD, 0.001f);
            }
            // DateTime ticks are 100 ns.
            return (System.DateTime.UtcNow.Ticks - started) / (10f * steps);
        }
    }
}
