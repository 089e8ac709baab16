namespace Backprop.Nano
{
    /// <summary>
    /// Times the training step on whatever runs it (the board, in the firmware; the desktop, in a
    /// test) and describes the result as one key:value line, like the report lines.
    /// </summary>
    public static class DeviceBenchmark
    {
        /// <summary>
        /// Times <paramref name="steps"/> calls each of Forward, TrainStep, SgdOptimizer.Step with
        /// momentum 0.9 and SgdOptimizer.Step with mini-batches of 8 (ReLU hidden, identity output,
        /// 64 cycled samples, as the desktop benchmarks and the nanoCLR timing) and returns
        /// <c>inputs:I hidden:H outputs:O forward_us:.. train_us:.. momentum_us:.. batch8_us:.. bytes:..</c>,
        /// times in microseconds per call, bytes the MemoryFootprint estimate of the largest of them
        /// (network + optimizer with momentum). A shape that does not fit the heap gives
        /// <c>... skipped:1</c> instead of the times.
        /// </summary>
        public static string Run(int inputs, int hidden, int outputs, int steps)
        {
            Check.AtLeastOne(steps, "steps");
            string shape = "inputs:" + inputs + " hidden:" + hidden + " outputs:" + outputs;
            int bytes = MemoryFootprint.ForOptimizer(inputs, hidden, outputs, Momentum).TotalBytes;
            try
            {
                var random = new DeterministicRandom(7);
                var x = new float[Samples * inputs];
                var d = new float[Samples * outputs];
                for (int k = 0; k < x.Length; k++) x[k] = random.NextSymmetric(1f);
                for (int k = 0; k < d.Length; k++) d[k] = random.NextSymmetric(1f);
                var sampleX = new float[inputs];
                var sampleD = new float[outputs];

                var network = new TwoLayerNetwork(inputs, hidden, outputs, Activation.Relu, Activation.Identity);
                string times = " forward_us:" + DecimalText.Format(Time(network, null, x, d, sampleX, sampleD, steps, false))
                    + " train_us:" + DecimalText.Format(Time(network, null, x, d, sampleX, sampleD, steps, true));
                var optimizer = new SgdOptimizer(network, LearningRate, Momentum, 1);
                times += " momentum_us:" + DecimalText.Format(Time(network, optimizer, x, d, sampleX, sampleD, steps, true));
                // On a small heap the momentum optimizer's buffers must be collectable before the next one is allocated.
                optimizer = null;
                optimizer = new SgdOptimizer(network, LearningRate, 0f, 8);
                times += " batch8_us:" + DecimalText.Format(Time(network, optimizer, x, d, sampleX, sampleD, steps, true));
                return shape + times + " bytes:" + bytes;
            }
            catch (System.OutOfMemoryException)
            {
                return shape + " bytes:" + bytes + " skipped:1";
            }
        }

        private const int Samples = 64;
        private const float LearningRate = 0.001f;
        private const float Momentum = 0.9f;

        // Microseconds per call of Forward (train false), TrainStep (no optimizer) or optimizer.Step, samples cycled.
        private static float Time(TwoLayerNetwork network, SgdOptimizer optimizer, float[] x, float[] d, float[] sampleX, float[] sampleD,
            int steps, bool train)
        {
            int inputs = sampleX.Length, outputs = sampleD.Length;
            long started = System.DateTime.UtcNow.Ticks;
            for (int step = 0; step < steps; step++)
            {
                int sample = step % Samples;
                System.Array.Copy(x, sample * inputs, sampleX, 0, inputs);
                System.Array.Copy(d, sample * outputs, sampleD, 0, outputs);
                if (!train) network.Forward(sampleX);
                else if (optimizer == null) network.TrainStep(sampleX, sampleD, LearningRate);
                else optimizer.Step(sampleX, sampleD);
            }
            // DateTime ticks are 100 ns.
            return (System.DateTime.UtcNow.Ticks - started) / (10f * steps);
        }
    }
}
