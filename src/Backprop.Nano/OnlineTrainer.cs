namespace Backprop.Nano
{
    /// <summary>
    /// Learns from a stream of sensor readings, one at a time: standardizes each reading, builds
    /// the input window, trains on the live sample plus replayed recent ones, keeps a moving
    /// average of the loss and hands a report to the sink every ReportInterval steps.
    /// Nothing is allocated per reading.
    /// </summary>
    public sealed class OnlineTrainer
    {
        private readonly OnlineTrainerSettings _settings;
        private readonly IReportSink _sink;
        private readonly int _channelCount, _targetChannel, _inputCount, _valuesPerReading;
        private readonly float[] _window;      // x: the last WindowLength standardized readings, oldest first
        private readonly float[] _target;      // d
        private readonly float[] _replayX, _replayD;
        private readonly DeterministicRandom _replayRandom;
        private int _readingsInWindow;
        private int _stepsSinceReport;
        private long _ticksSinceReport;

        /// <summary>Builds the network, optimizer, standardizer and replay ring for <paramref name="settings"/>.</summary>
        /// <param name="settings">validated here; later changes to it have no effect.</param>
        /// <param name="sink">receives the reports; null for none.</param>
        public OnlineTrainer(OnlineTrainerSettings settings, IReportSink sink)
        {
            Check.NotNull(settings, "settings");
            settings.Validate();
            _settings = settings;
            _sink = sink;
            _channelCount = settings.ChannelCount;
            _targetChannel = settings.TargetChannel;
            _inputCount = settings.InputCount;
            _valuesPerReading = _inputCount / settings.WindowLength;

            Network = new TwoLayerNetwork(_inputCount, settings.HiddenCount, settings.OutputCount,
                settings.HiddenActivation, Activation.Identity);
            Network.Initialize(settings.Seed);
            Optimizer = new SgdOptimizer(Network, settings.LearningRate, settings.Momentum, settings.BatchSize);
            Standardizer = new OnlineStandardizer(_channelCount);
            Standardized = new float[_channelCount];
            _window = new float[_inputCount];
            _target = new float[settings.OutputCount];
            if (settings.ReplayCapacity > 0)
            {
                Replay = new SampleRing(settings.ReplayCapacity, _inputCount, settings.OutputCount);
                _replayX = new float[_inputCount];
                _replayD = new float[settings.OutputCount];
                _replayRandom = new DeterministicRandom(settings.Seed ^ 0x5EEDu);
            }
            LastReport = new TrainingReport();
        }

        /// <summary>The network being trained.</summary>
        public TwoLayerNetwork Network { get; }

        /// <summary>The optimizer (its LearningRate may be changed while training).</summary>
        public SgdOptimizer Optimizer { get; }

        /// <summary>The input statistics.</summary>
        public OnlineStandardizer Standardizer { get; }

        /// <summary>The replay ring; null when replay is off.</summary>
        public SampleRing Replay { get; }

        /// <summary>The latest reading, standardized.</summary>
        public float[] Standardized { get; }

        /// <summary>Live samples trained.</summary>
        public int Step { get; private set; }

        /// <summary>E of the latest live sample, before its update.</summary>
        public float LastLoss { get; private set; }

        /// <summary>Moving average of the live E.</summary>
        public float AverageLoss { get; private set; }

        /// <summary>Readings skipped because a value was NaN or infinite.</summary>
        public int SkippedReadings { get; private set; }

        /// <summary>The most recent report (also before the first one: all zero).</summary>
        public TrainingReport LastReport { get; }

        /// <summary>
        /// Takes one reading (ChannelCount raw values). Returns true when it completed a sample and
        /// a training step ran; false while the window fills or when the reading was skipped.
        /// </summary>
        public bool AddReading(float[] reading)
        {
            Check.Length(reading, _channelCount, "reading");
            for (int c = 0; c < _channelCount; c++)
            {
                if (!FloatMath.IsFinite(reading[c]))
                {
                    SkippedReadings++;
                    return false;
                }
            }

            long started = System.DateTime.UtcNow.Ticks;
            Standardizer.Update(reading);
            if (_settings.FreezeStandardizerAfter > 0 && Standardizer.SampleCount >= _settings.FreezeStandardizerAfter)
            {
                Standardizer.IsFrozen = true;
            }
            for (int c = 0; c < _channelCount; c++)
            {
                Standardized[c] = Standardizer.Standardize(c, reading[c]);
            }

            bool trained = false;
            if (_targetChannel < 0)
            {
                // Self-supervised: the window of the previous readings predicts this one.
                if (_readingsInWindow == _settings.WindowLength)
                {
                    System.Array.Copy(Standardized, _target, _channelCount);
                    TrainOnWindow();
                    trained = true;
                }
                PushIntoWindow();
            }
            else
            {
                // Supervised: the window of the other channels, this reading included, predicts the target channel.
                PushIntoWindow();
                if (_readingsInWindow == _settings.WindowLength)
                {
                    _target[0] = Standardized[_targetChannel];
                    TrainOnWindow();
                    trained = true;
                }
            }
            if (!trained) return false;

            _ticksSinceReport += System.DateTime.UtcNow.Ticks - started;
            _stepsSinceReport++;
            if (_stepsSinceReport == _settings.ReportInterval) SendReport();
            return true;
        }

        private void TrainOnWindow()
        {
            float error = Optimizer.Step(_window, _target);
            Step++;
            LastLoss = error;
            AverageLoss = Step == 1 ? error : AverageLoss + _settings.AverageSmoothing * (error - AverageLoss);

            if (Replay == null) return;
            Replay.Add(_window, _target);
            for (int r = 0; r < _settings.ReplayPerStep; r++)
            {
                Replay.CopyTo((int)(_replayRandom.NextUInt() % (uint)Replay.Count), _replayX, _replayD);
                Optimizer.Step(_replayX, _replayD);
            }
        }

        private void PushIntoWindow()
        {
            int perReading = _valuesPerReading;
            System.Array.Copy(_window, perReading, _window, 0, _inputCount - perReading);
            int position = _inputCount - perReading;
            for (int c = 0; c < _channelCount; c++)
            {
                if (c != _targetChannel) _window[position++] = Standardized[c];
            }
            if (_readingsInWindow < _settings.WindowLength) _readingsInWindow++;
        }

        private void SendReport()
        {
            TrainingReport report = LastReport;
            report.Step = Step;
            report.Loss = LastLoss;
            report.AverageLoss = AverageLoss;
            // DateTime ticks are 100 ns.
            report.MicrosecondsPerStep = _ticksSinceReport / (10f * _stepsSinceReport);
            report.Skipped = SkippedReadings;
            _stepsSinceReport = 0;
            _ticksSinceReport = 0;
            if (_sink != null) _sink.Report(report);
        }
    }
}
