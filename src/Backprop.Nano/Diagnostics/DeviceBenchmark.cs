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
        /// momentum 0.9, SgdOptimizer.Step with mini-batches of 8 and AdamOptimizer.Step with the paper's
        /// betas and epsilon (ReLU hidden, identity output,
        /// learning rate 1e-3, the 64 cycled samples of the desktop benchmarks and of the README's
        /// nanoCLR table: DeterministicRandom(20260601), per sample the inputs, then the targets, uniform
        /// in [-1, 1)) and returns
        /// <c>inputs:I hidden:H outputs:O forward_us:.. train_us:.. momentum_us:.. batch8_us:.. adam_us:.. bytes:..</c>,
        /// times in microseconds per call, bytes the MemoryFootprint estimate of the largest of them
        /// (network + Adam). A shape that does not fit the heap gives
        /// <c>... skipped:1</c> instead of the times.
        /// </summary>
        public static string Run(int inputs, int hidden, int outputs, int steps)
        {
            Check.AtLeastOne(steps, "steps");
            string shape = "inputs:" + inputs + " hidden:" + hidden + " outputs:" + outputs;
            int bytes = MemoryFootprint.ForAdam(inputs, hidden, outputs).TotalBytes;
            try
            {
                // One array per sample, so that the timed loop calls nothing but the operation.
                var random = new DeterministicRandom(SampleSeed);
                var x = new float[Samples][];
                var d = new float[Samples][];
                for (int k = 0; k < Samples; k++)
                {
                    x[k] = new float[inputs];
                    d[k] = new float[outputs];
                    for (int i = 0; i < inputs; i++) x[k][i] = random.NextSymmetric(1f);
                    for (int j = 0; j < outputs; j++) d[k][j] = random.NextSymmetric(1f);
                }

                // Each operation starts from the initial weights (the share of dead ReLU units, and so the time, depends on them).
                var network = new TwoLayerNetwork(inputs, hidden, outputs, Activation.Relu, Activation.Identity);
                string times = " forward_us:" + DecimalText.Format(Time(network, null, x, d, steps, false))
                    + " train_us:" + DecimalText.Format(Time(network, null, x, d, steps, true));
                network.Initialize(TwoLayerNetwork.DefaultSeed);
                var optimizer = new SgdOptimizer(network, LearningRate, Momentum, 1);
                times += " momentum_us:" + DecimalText.Format(Time(network, optimizer, x, d, steps, true));
                // On a small heap the momentum optimizer's buffers must be collectable before the next one is allocated.
                optimizer = null;
                network.Initialize(TwoLayerNetwork.DefaultSeed);
                optimizer = new SgdOptimizer(network, LearningRate, 0f, 8);
                times += " batch8_us:" + DecimalText.Format(Time(network, optimizer, x, d, steps, true));
                optimizer = null;
                network.Initialize(TwoLayerNetwork.DefaultSeed);
                var adam = new AdamOptimizer(network, LearningRate, AdamOptimizer.DefaultBeta1, AdamOptimizer.DefaultBeta2, AdamOptimizer.DefaultEpsilon, 1);
                times += " adam_us:" + DecimalText.Format(Time(network, adam, x, d, steps, true));
                return shape + times + " bytes:" + bytes;
            }
            catch (System.OutOfMemoryException)
            {
                return shape + " bytes:" + bytes + " skipped:1";
            }
        }

        /// <summary>
        /// Times OnlineTrainer.AddReading, <paramref name="readings"/> readings each, for the two real-sensor setups of the
        /// README: the default regression trainer (what scores NAB's series: the change predicted, the anomaly score, spikes,
        /// level drift) on the synthetic sensor, and the board's gesture classifier (GestureSettings: three axes and the class,
        /// windows of one gesture, class-balanced replay) on a three-axis signal whose class lasts 315 to 630 readings. Returns
        /// <c>readings:N regression_us:.. gesture_us:.. gesture_sample_us:.. gesture_bytes:..</c>: microseconds per reading
        /// (averaged over every reading: a gesture reading mostly only adds to its window point), microseconds of a reading that
        /// completes a gesture's window (forward pass, step and the replayed steps), and the classifier's MemoryFootprint estimate.
        /// </summary>
        public static string RunReadings(int readings)
        {
            Check.AtLeastOne(readings, "readings");
            var regression = new OnlineTrainer(new OnlineTrainerSettings(), null);
            ISensor sensor = SyntheticSensor.CreateDefault();
            var reading = new float[1];
            long started = System.DateTime.UtcNow.Ticks;
            for (int k = 0; k < readings; k++)
            {
                sensor.Read(reading);
                regression.AddReading(reading);
            }
            float regressionMicroseconds = (System.DateTime.UtcNow.Ticks - started) / (10f * readings);
            regression = null;

            OnlineTrainerSettings settings = GestureSettings();
            var gesture = new OnlineTrainer(settings, null);
            ISensor gestures = GestureSensor();
            var axes = new float[gestures.ChannelCount];
            long allTicks = 0, sampleTicks = 0;
            int samples = 0;
            for (int k = 0; k < readings; k++)
            {
                gestures.Read(axes);
                long before = System.DateTime.UtcNow.Ticks;
                bool sampled = gesture.AddReading(axes);
                long ticks = System.DateTime.UtcNow.Ticks - before;
                allTicks += ticks;
                if (!sampled) continue;
                sampleTicks += ticks;
                samples++;
            }
            return "readings:" + readings + " regression_us:" + DecimalText.Format(regressionMicroseconds)
                + " gesture_us:" + DecimalText.Format(allTicks / (10f * readings))
                + " gesture_sample_us:" + DecimalText.Format(samples == 0 ? 0f : sampleTicks / (10f * samples))
                + " gesture_bytes:" + MemoryFootprint.ForTrainer(settings).TotalBytes;
        }

        /// <summary>
        /// The board's gesture classifier (README "Classification", the realdata benchmark's one-pass preset): 3 axes and the
        /// class (channel 3) of 8 gestures, 21 window points of 15 readings (a gesture of 315 readings), a sample per gesture,
        /// 32 tanh units, the default SGD, 32 replayed samples per gesture from 16 of each class.
        /// </summary>
        public static OnlineTrainerSettings GestureSettings()
        {
            return new OnlineTrainerSettings
            {
                ChannelCount = 4, LabelChannel = 3, ClassCount = 8, WindowLength = 21, Downsample = 15, WindowStride = 21,
                HiddenCount = 32, ReplayPerStep = 32, ReplayCapacity = 128,
            };
        }

        /// <summary>
        /// What the gesture classifier is timed on: three axes of the three-class signal (<see cref="SyntheticClassSensor"/>, each
        /// class lasting 315 to 630 readings) and its class, channels as in <see cref="GestureSettings"/>.
        /// </summary>
        public static ISensor GestureSensor()
        {
            return new ThreeAxisSensor(new SyntheticClassSensor(GestureSeed, 50f, GestureReadings));
        }

        // Three axes of one signal, so that each moves with the class's period; the class last.
        private sealed class ThreeAxisSensor : ISensor
        {
            private readonly SyntheticClassSensor _classes;
            private readonly float[] _signal = new float[2];

            public ThreeAxisSensor(SyntheticClassSensor classes)
            {
                _classes = classes;
            }

            public int ChannelCount
            {
                get { return 4; }
            }

            public void Read(float[] reading)
            {
                _classes.Read(_signal);
                reading[0] = _signal[0];
                reading[1] = 4096f - _signal[0];
                reading[2] = 0.5f * _signal[0];
                reading[3] = _signal[SyntheticClassSensor.LabelChannel];
            }
        }

        private const int GestureReadings = 315;
        private const uint GestureSeed = 3;
        private const int Samples = 64;
        private const uint SampleSeed = 20260601;
        private const float LearningRate = 0.001f;
        private const float Momentum = 0.9f;

        // Microseconds per call of Forward (train false), TrainStep (no optimizer) or optimizer.Step, samples cycled.
        private static float Time(TwoLayerNetwork network, IOptimizer optimizer, float[][] x, float[][] d, int steps, bool train)
        {
            long started = System.DateTime.UtcNow.Ticks;
            for (int step = 0; step < steps; step++)
            {
                int sample = step & (Samples - 1);
                if (!train) network.Forward(x[sample]);
                else if (optimizer == null) network.TrainStep(x[sample], d[sample], LearningRate);
                else optimizer.Step(x[sample], d[sample]);
            }
            // DateTime ticks are 100 ns.
            return (System.DateTime.UtcNow.Ticks - started) / (10f * steps);
        }
    }
}
