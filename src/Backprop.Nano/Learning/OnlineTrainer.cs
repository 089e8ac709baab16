namespace Backprop.Nano
{
    /// <summary>
    /// Learns from a stream of sensor readings, one at a time: standardizes each reading, builds
    /// the input window, trains on the live sample plus replayed recent ones, keeps a moving
    /// average of the loss and hands a report to the sink every ReportInterval steps.
    /// Nothing is allocated per reading.
    /// </summary>
    /// <remarks>
    /// Self-supervised, the network predicts each reading's change since the last one (OnlineTrainerSettings.PredictChange),
    /// starting from "the same as the last reading". Alerts come from readings it cannot use (not finite, stuck, outliers),
    /// from a loss unusual for the network (AnomalyScore), a spike (SpikeLimit), a lasting shift or slow drift of a level
    /// (LevelDrift) and a recovery from divergence: each is something a board owner wants to hear about.
    /// </remarks>
    /// <remarks>
    /// With OnlineTrainerSettings.LabelChannel set it is a classifier: softmax outputs, the cross-entropy loss,
    /// a one-hot target from the label channel, and the accuracy of its latest predictions (each counted before
    /// the network learns from that sample). Pred and Actual are then the predicted class and the label; the anomaly
    /// score is regression's (0 here), while the alerts of skipped readings work as in regression.
    /// </remarks>
    public sealed class OnlineTrainer
    {
        /// <summary>Readings the standardizer needs before a reading can be judged an outlier.</summary>
        public const int OutlierWarmup = 100;

        /// <summary>
        /// Readings kept out of the statistics in a row (outliers, spikes, readings while a fault's alert holds) after which they
        /// are taken as the sensor's new level, when they are stable: their spread at most NewLevelSpreadFactor times the
        /// statistics'. The statistics are then theirs, so a genuine shift cannot stop learning for good, while a ramp, readings
        /// that alternate or a burst of huge values never become the level.
        /// </summary>
        public const int OutliersForNewLevel = 100;

        /// <summary>The most a new level's spread may exceed the statistics' spread by, as a factor (see OutliersForNewLevel).</summary>
        public const float NewLevelSpreadFactor = 3f;

        /// <summary>
        /// Recoveries without a new snapshot between them after which the last good parameters are
        /// taken as bad themselves (e.g. a resumed checkpoint that diverges whatever the rate): the
        /// network starts again from its seed, counted in <see cref="Restarts"/>.
        /// </summary>
        public const int RecoveriesBeforeRestart = 20;

        /// <summary>
        /// Live losses in a row above DivergenceFactor times the average after which the network is taken as diverging
        /// and restored. Fewer are readings it could not expect (a spike, a jump of the level): skipped for learning only.
        /// </summary>
        public const int DivergentStepsForRecovery = 10;

        private readonly OnlineTrainerSettings _settings;
        private readonly IReportSink _sink;
        private readonly int _channelCount, _learnedChannel, _inputCount, _valuesPerReading;
        private readonly int _labelChannel;      // -1 unless a classifier
        private readonly float _classCount;      // as a float: a label is checked against it before any conversion
        private readonly HitRate _accuracy;      // a classifier's latest AccuracyWindow predictions, right or wrong
        private readonly HitRate _baseline;      // the same samples guessed as "the label of the sample before"
        private int _label;                      // the latest reading's class
        private int _windowLabel;                // the class every reading of the window has (-1: none yet)
        private int _previousSampleLabel;        // the label of the last sample predicted (-1: none yet)
        private readonly int _downsample, _stride;
        private readonly float[] _pointSums;     // per channel, the readings of the window point being built
        private int _readingsInPoint;
        private int _pointsSinceSample;
        private readonly int _predictedChannel;  // the first target channel: pred and actual are in its units
        private readonly AnomalyScore _anomaly;
        private readonly LevelDrift _drift;      // null when the drift rule is off, or for a classifier
        private readonly bool _predictsChange;
        private readonly float[] _previousReading;  // the last reading pushed into the window: the change is from it
        private readonly TrainerState _state;    // what a checkpoint keeps besides network, optimizer and standardizer
        private int _alertReadingsLeft;          // readings the current alert still holds, this one included
        private int _pauseReadingsLeft;          // readings learning stays paused for (alerts of faults, not of drifts)
        private readonly float[] _window;      // x: the last WindowLength standardized readings, oldest first
        private readonly float[] _target;      // d
        private readonly float[] _replayX, _replayD;
        private readonly ClassReservoir _classReplay;   // a classifier's replay instead of the ring; null otherwise
        private readonly DeterministicRandom _replayRandom;
        private readonly float[] _lastValues;  // per channel, for the stuck check
        private readonly int[] _repeats;
        private readonly int _stuckLimit;      // StuckLimit, or StillLimit for two or more measured channels; 0: off
        // What a recovery restores: the parameters and the optimizer's state (velocities, Adam's moments
        // and powers), as taken at the last good moment; one snapshot per IOptimizer.State buffer list.
        private readonly ParameterBuffers _parameterSnapshot;
        private readonly ParameterBuffers[] _stateSnapshot;
        private readonly float[] _scalarSnapshot;   // null when the optimizer has no scalar state
        private readonly float _minimumLearningRate;
        private int _recoveriesAtSnapshot;
        private int _recoveriesSinceSnapshot;
        private readonly OnlineStandardizer _newLevel;   // the readings kept out of the statistics, in a row: a level to adopt if stable
        private int _divergentInARow;
        private int _stepsSinceStart;      // since construction or resume: the moving average needs a warm-up
        private int _stepsOnTrial;         // learned steps left before parameters taken on trial may be snapshotted
        // The moving average as it was when the snapshot was taken: a recovery restores it with the parameters, so that
        // losses of a divergence (1e35 before the guard is warm) do not stay in the average, and blind the guard, for thousands of steps.
        private float _averageAtSnapshot;
        private int _stepsSinceStartAtSnapshot;
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
            _settings = settings.Clone();
            _sink = sink;
            _channelCount = settings.ChannelCount;
            _learnedChannel = settings.LearnedChannel;
            _labelChannel = settings.LabelChannel;
            _classCount = settings.ClassCount;
            _inputCount = settings.InputCount;
            _valuesPerReading = _inputCount / settings.WindowLength;
            _predictedChannel = settings.TargetChannel < 0 ? 0 : settings.TargetChannel;
            _anomaly = new AnomalyScore(settings.ScoreSmoothing, settings.ScoreWarmup);
            if (_labelChannel < 0 && 0f < settings.DriftLimit) _drift = new LevelDrift(_channelCount, settings.DriftSlack, settings.DriftLimit);
            _predictsChange = settings.PredictsChange;
            _previousReading = new float[_channelCount];
            _state = new TrainerState(_channelCount);
            _state.PredictsChange = _predictsChange;
            _state.Downsample = settings.Downsample;
            _state.WindowStride = settings.WindowStride;

            Network = new TwoLayerNetwork(_inputCount, settings.HiddenCount, settings.OutputCount, settings.HiddenActivation,
                settings.OutputActivation, settings.LossFunction);
            if (_labelChannel >= 0)
            {
                _accuracy = new HitRate(settings.AccuracyWindow);
                _baseline = new HitRate(settings.AccuracyWindow);
            }
            _downsample = settings.Downsample;
            _stride = settings.WindowStride;
            _pointSums = new float[_channelCount];
            _windowLabel = -1;
            _previousSampleLabel = -1;
            InitializeNetwork();
            Optimizer = settings.CreateOptimizer(Network);
            Standardizer = new OnlineStandardizer(_channelCount);
            _newLevel = new OnlineStandardizer(_channelCount);
            Standardized = new float[_channelCount];
            _window = new float[_inputCount];
            _target = new float[settings.OutputCount];
            if (settings.ReplayCapacity > 0)
            {
                if (_labelChannel >= 0) _classReplay = new ClassReservoir(settings.ClassCount, settings.ReplayCapacity / settings.ClassCount, _inputCount);
                else Replay = new SampleRing(settings.ReplayCapacity, _inputCount, settings.OutputCount);
                _replayX = new float[_inputCount];
                _replayD = new float[settings.OutputCount];
                _replayRandom = new DeterministicRandom(settings.Seed ^ 0x5EEDu);
            }
            _lastValues = new float[_channelCount];
            _repeats = new int[_channelCount];
            int measured = _channelCount - (_learnedChannel >= 0 ? 1 : 0);
            _stuckLimit = settings.StuckLimit == 0 ? 0 : measured >= 2 && settings.StillLimit > 0 ? settings.StillLimit : settings.StuckLimit;
            _parameterSnapshot = new ParameterBuffers(_inputCount, settings.HiddenCount, settings.OutputCount);
            _stateSnapshot = new ParameterBuffers[Optimizer.State.Length];
            for (int k = 0; k < _stateSnapshot.Length; k++)
            {
                _stateSnapshot[k] = new ParameterBuffers(_inputCount, settings.HiddenCount, settings.OutputCount);
            }
            if (Optimizer.StateScalars.Length > 0) _scalarSnapshot = new float[Optimizer.StateScalars.Length];
            _minimumLearningRate = settings.LearningRate / 1000f;
            TakeSnapshot();
            LastReport = new TrainingReport();
        }

        /// <summary>The network being trained.</summary>
        public TwoLayerNetwork Network { get; }

        /// <summary>The optimizer (its LearningRate may be changed while training).</summary>
        public IOptimizer Optimizer { get; }

        /// <summary>The input statistics.</summary>
        public OnlineStandardizer Standardizer { get; }

        /// <summary>The replay ring of regression; null when replay is off, and for a classifier (see ClassReplay).</summary>
        public SampleRing Replay { get; }

        /// <summary>A classifier's replay, a share for every class; null when replay is off, and for regression.</summary>
        public ClassReservoir ClassReplay
        {
            get { return _classReplay; }
        }

        /// <summary>The latest reading, standardized.</summary>
        public float[] Standardized { get; }

        /// <summary>Live samples trained, or scored without learning (detector mode, alerts); 64 bits: a trainer runs forever; a checkpoint keeps 32, see ModelFormat.Save).</summary>
        public long Step { get; private set; }

        /// <summary>The loss E of the latest live sample, before its update.</summary>
        public float LastLoss { get; private set; }

        /// <summary>
        /// The network's prediction for the latest sample's first target channel (channel 0 when
        /// self-supervised), restored to sensor units through the standardizer.
        /// </summary>
        public float Prediction { get; private set; }

        /// <summary>The reading that prediction was for: the latest sample's first target channel, in sensor units.</summary>
        public float Actual { get; private set; }

        /// <summary>The anomaly score of the latest live loss (see AnomalyScore; 0 during its warm-up).</summary>
        public float Score { get; private set; }

        /// <summary>The level-drift score of the latest reading (see LevelDrift.Score: 1 or more while a level drifts); 0 when the rule is off.</summary>
        public float DriftScore
        {
            get { return _drift == null ? 0f : _drift.Score; }
        }

        /// <summary>Alerts raised so far (an alert that holds and is raised again counts once).</summary>
        public int Alerts { get; private set; }

        /// <summary>True while an alert holds (see OnlineTrainerSettings.AlertHoldReadings).</summary>
        public bool AlertActive
        {
            get { return _alertReadingsLeft > 0; }
        }

        /// <summary>True when the latest reading started a new alert.</summary>
        public bool AlertRaised { get; private set; }

        /// <summary>
        /// A classifier's share of right predictions (argmax y equal to the label) among its latest AccuracyWindow
        /// live samples, in [0, 1]; 0 before the first, and always 0 for regression.
        /// </summary>
        public float Accuracy
        {
            get { return _accuracy == null ? 0f : _accuracy.Rate; }
        }

        /// <summary>
        /// What Accuracy must beat: the share of the same samples whose label is the label of the sample before ("the class
        /// has not changed"), which is high when classes last long; 0 for regression. Reported next to it (the report's acc_last).
        /// </summary>
        public float BaselineAccuracy
        {
            get { return _baseline == null ? 0f : _baseline.Rate; }
        }

        /// <summary>Moving average of the live E.</summary>
        public float AverageLoss { get; private set; }

        // The counters below saturate at int.MaxValue rather than wrap: a board may run for years.

        /// <summary>Readings skipped because a value was NaN or infinite.</summary>
        public int SkippedReadings { get; private set; }

        /// <summary>
        /// Readings a classifier skipped because the label channel's value was not a whole number in
        /// [0, ClassCount) (NaN, 2.5, -1, 7): a reading with a wrong label must not be learned.
        /// </summary>
        public int BadLabels { get; private set; }

        /// <summary>Readings skipped because a channel was stuck (see OnlineTrainerSettings.StuckLimit).</summary>
        public int StuckReadings { get; private set; }

        /// <summary>Divergent losses after which the last good parameters were restored.</summary>
        public int Recoveries { get; private set; }

        /// <summary>Readings skipped as far outside the learned range (see OnlineTrainerSettings.OutlierLimit).</summary>
        public int Outliers { get; private set; }

        /// <summary>Times the network started again from its seed because its last good parameters kept diverging.</summary>
        public int Restarts { get; private set; }

        /// <summary>Where the reports go (null: nowhere); a TrainingSession sends its comment lines there too.</summary>
        public IReportSink Sink
        {
            get { return _sink; }
        }

        /// <summary>The most recent report (also before the first one: all zero).</summary>
        public TrainingReport LastReport { get; }

        /// <summary>Bytes of a checkpoint of this trainer (network, optimizer state, standardizer, trainer state).</summary>
        public int CheckpointSize
        {
            get { return ModelFormat.SizeFor(Network, Optimizer, Standardizer, _state); }
        }

        /// <summary>
        /// Bytes of the largest checkpoint this trainer can resume from: its shape with Adam's moments, the largest optimizer
        /// state. A store of this size (rather than CheckpointSize) also resumes the weights of a checkpoint written with another
        /// optimizer, whose state then starts afresh (see ModelFormat.Load); a smaller one reports such a file as too large.
        /// </summary>
        public int LoadableCheckpointSize
        {
            get
            {
                int largest = ModelFormat.SizeFor(Network.InputCount, Network.HiddenCount, Network.OutputCount, OptimizerKind.Adam, true,
                    Standardizer.ChannelCount, true);
                int own = CheckpointSize;
                return own < largest ? largest : own;
            }
        }

        /// <summary>
        /// The trainer's state for a model file, as of now: what the outputs mean and the anomaly detector's running state
        /// (the same object every call, filled in place).
        /// </summary>
        public TrainerState CaptureState()
        {
            TrainerState state = _state;
            state.HasDetector = true;
            state.ScoredLosses = _anomaly.Count;
            state.LossLevel = _anomaly.Level;
            state.LossSpread = _anomaly.Spread;
            if (_drift != null)
            {
                System.Array.Copy(_drift.High, state.DriftHigh, _channelCount);
                System.Array.Copy(_drift.Low, state.DriftLow, _channelCount);
            }
            else
            {
                System.Array.Clear(state.DriftHigh, 0, _channelCount);
                System.Array.Clear(state.DriftLow, 0, _channelCount);
            }
            return state;
        }

        /// <summary>Saves network, optimizer state, standardizer, trainer state and step into the older slot of <paramref name="store"/>; returns the slot.</summary>
        public int SaveCheckpoint(CheckpointStore store)
        {
            Check.NotNull(store, "store");
            return store.Save(Network, Optimizer, Standardizer, CaptureState(), Step);
        }

        /// <summary>
        /// Resumes from the newest valid checkpoint in <paramref name="store"/>: parameters,
        /// optimizer state (see ModelFormat.Load), standardizer, the anomaly detector's state (a file without it, written
        /// before version 2, starts the detector afresh) and step count. Returns its header, with Size 0 when no slot
        /// was usable (store.LastError says why; the trainer is unchanged). A model must predict what this trainer
        /// predicts (the change since the last reading, or the reading): one that does not is no fit.
        /// </summary>
        public ModelHeader ResumeFrom(CheckpointStore store)
        {
            Check.NotNull(store, "store");
            ModelHeader header = store.LoadNewest(Network, Optimizer, Standardizer, _state);
            if (header.Size == 0) return header;
            Step = header.Step;
            _stepsSinceReport = 0;
            _ticksSinceReport = 0;
            ForgetRecentReadings();
            RestoreDetector();
            TakeSnapshot();
            return header;
        }

        // The detector as the checkpoint left it: the score's averages and the drift sums (or afresh, from an older file).
        private void RestoreDetector()
        {
            TrainerState state = _state;
            if (!state.HasDetector) return;
            _anomaly.Restore(state.ScoredLosses, state.LossLevel, state.LossSpread);
            if (_drift == null) return;
            System.Array.Copy(state.DriftHigh, _drift.High, _channelCount);
            System.Array.Copy(state.DriftLow, _drift.Low, _channelCount);
        }

        /// <summary>
        /// Call after the network's parameters were changed from outside, e.g. a fleet's global model taken in
        /// (<see cref="GlobalModelReceiver"/>): they become the last good ones a recovery returns to (otherwise a
        /// recovery would undo the global model), and a partly filled batch, whose gradients belong to the old
        /// parameters, is dropped. The optimizer's state (velocities, Adam's moments) carries on.
        /// </summary>
        public void AdoptCurrentParameters()
        {
            Optimizer.DiscardBatch();
            TakeSnapshot();
        }

        /// <summary>
        /// Call after the network's parameters were changed from outside on trial, as a fleet's global model is taken
        /// (<see cref="FleetMember.TakeGlobal"/>): a partly filled batch is dropped, and the last good parameters stay the
        /// board's own until the new ones have learned SnapshotInterval steps; a recovery before then returns to the board's
        /// own model, so a global that diverges on this board's data cannot become what it falls back to.
        /// </summary>
        public void TryCurrentParameters()
        {
            Optimizer.DiscardBatch();
            _stepsOnTrial = _settings.SnapshotInterval;
        }

        /// <summary>
        /// The mean loss E of the network on the samples held for replay (the board's recent data: the ring of regression, a
        /// classifier's share of each class), or -1 when none is held. What a fleet board judges a global model by.
        /// Allocation-free; it runs forward passes, so call it between readings.
        /// </summary>
        public float ReplayLoss()
        {
            float sum = 0f;
            int count = 0;
            if (Replay != null)
            {
                for (int age = 0; age < Replay.Count; age++)
                {
                    Replay.CopyTo(age, _replayX, _replayD);
                    Network.Forward(_replayX);
                    sum += Network.Loss(_replayD);
                    count++;
                }
            }
            else if (_classReplay != null)
            {
                for (int label = 0; label < _classReplay.ClassCount; label++)
                {
                    for (int slot = 0; slot < _classReplay.HeldOf(label); slot++)
                    {
                        _classReplay.CopyAt(label, slot, _replayX);
                        OneHot(_replayD, label);
                        Network.Forward(_replayX);
                        sum += Network.Loss(_replayD);
                        count++;
                    }
                }
            }
            return count == 0 ? -1f : sum / count;
        }

        /// <summary>
        /// Takes one reading (ChannelCount raw values). Returns true when it completed a sample and
        /// a training step ran; false while the window fills or when the reading was skipped.
        /// </summary>
        public bool AddReading(float[] reading)
        {
            Check.Length(reading, _channelCount, "reading");
            AlertRaised = false;
            if (_alertReadingsLeft > 0) _alertReadingsLeft--;
            if (_pauseReadingsLeft > 0) _pauseReadingsLeft--;
            for (int c = 0; c < _channelCount; c++)
            {
                if (c != _labelChannel && !FloatMath.IsFinite(reading[c]))
                {
                    SkippedReadings = Increment(SkippedReadings);
                    RaiseAlert();
                    return false;
                }
            }
            if (_labelChannel >= 0)
            {
                // A class index: a whole number in [0, ClassCount). Compared as floats first, so that NaN and values far
                // out of range fail before the conversions (which wrap on nanoCLR).
                float label = reading[_labelChannel];
                if (!(0f <= label && label < _classCount) || label != (int)label)
                {
                    BadLabels = Increment(BadLabels);
                    return false;
                }
                _label = (int)label;
            }
            if (IsStuck(reading))
            {
                StuckReadings = Increment(StuckReadings);
                RaiseAlert();
                return false;
            }
            bool outlier = IsOutlier(reading);
            if (outlier)
            {
                Outliers = Increment(Outliers);
                RaiseAlert();
            }
            // Once the statistics can judge, a reading that is an outlier or a spike, or comes while a fault's alert holds, stays
            // out of them: a level is not learned from its own faults, and readings just inside the limits cannot walk the scale.
            // A frozen model keeps its statistics whatever comes: they are what it was trained on.
            bool keptOut = !_settings.FreezeLearning && Standardizer.SampleCount >= OutlierWarmup
                && (outlier || _pauseReadingsLeft > 0 || BeyondSpikeLimit(reading));
            if (keptOut && AdoptsNewLevel(reading))
            {
                // The same "fault" for this long, and stable, is the sensor's new level: learn it from here.
                ForgetRecentReadings();
                if (_drift != null) _drift.Reset();
            }
            else if (outlier)
            {
                return false;
            }
            if (!keptOut && _newLevel.SampleCount > 0) _newLevel.Reset();

            long started = System.DateTime.UtcNow.Ticks;
            if (_settings.FreezeLearning) Standardizer.IsFrozen = true;
            if (!keptOut) Standardizer.Update(reading);
            if (_settings.FreezeStandardizerAfter > 0 && Standardizer.SampleCount >= _settings.FreezeStandardizerAfter)
            {
                Standardizer.IsFrozen = true;
            }
            float limit = _settings.OutlierLimit;
            for (int c = 0; c < _channelCount; c++)
            {
                float z = Standardizer.Standardize(c, reading[c]);
                // Before the warm-up nothing is judged, but the network never sees more than the limit.
                if (0f < limit) z = limit < z ? limit : z < -limit ? -limit : z;
                Standardized[c] = z;
            }
            if (_labelChannel < 0) JudgeLevels();

            bool trained = false;
            if (_learnedChannel < 0)
            {
                // Self-supervised: the window of the previous readings predicts this one.
                if (_readingsInWindow == _settings.WindowLength)
                {
                    SetSelfSupervisedTarget();
                    trained = TrainOnWindow(reading);
                }
                PushIntoWindow();
                System.Array.Copy(reading, _previousReading, _channelCount);
            }
            else
            {
                // Supervised: the window of the other channels, this reading included, predicts the target channel or the class.
                // A classifier's window holds one class: it starts again where the label changes, so that no sample mixes two events.
                if (_labelChannel >= 0 && _label != _windowLabel)
                {
                    StartNewWindow();
                    _windowLabel = _label;
                }
                if (!CompletesPoint()) return false;
                PushIntoWindow();
                if (_readingsInWindow == _settings.WindowLength && ++_pointsSinceSample >= _stride)
                {
                    _pointsSinceSample = 0;
                    if (_labelChannel < 0)
                    {
                        _target[0] = Standardized[_learnedChannel];
                    }
                    else
                    {
                        OneHot(_target, _label);
                    }
                    trained = TrainOnWindow(reading);
                }
            }
            if (!trained) return false;

            _ticksSinceReport += System.DateTime.UtcNow.Ticks - started;
            _stepsSinceReport++;
            if (_stepsSinceReport == _settings.ReportInterval) SendReport();
            return true;
        }

        // The live sample: predict and score it, then learn from it unless frozen or alerted. Its loss is
        // checked first; a divergent one restores the snapshot instead.
        private bool TrainOnWindow(float[] reading)
        {
            Network.Forward(_window);
            // A window that holds a spike lies outside what the network has learned, and its extrapolation there (a jump
            // continued) is worse than none: it predicts no change and learns nothing from the sample.
            bool beyondSpike = _predictsChange && HoldsSpike();
            float loss = beyondSpike ? UnchangedLoss() : Network.Loss(_target);
            bool frozen = _settings.FreezeLearning;
            if (!FloatMath.IsFinite(loss))
            {
                RaiseAlert();
                if (!frozen) Recover();
                return false;
            }
            if (_labelChannel >= 0)
            {
                int predicted = PredictedClass(Network.Y);
                Prediction = predicted;
                Actual = _label;
                _accuracy.Add(predicted == _label);
                _baseline.Add(_previousSampleLabel == _label);
                _previousSampleLabel = _label;
            }
            else
            {
                // The last reading plus the predicted change, or the predicted reading.
                Prediction = !_predictsChange ? Standardizer.Restore(_predictedChannel, Network.Y[0])
                    : _previousReading[_predictedChannel] + (beyondSpike ? 0f : Standardizer.RestoreChange(_predictedChannel, Network.Y[0]));
                Actual = reading[_predictedChannel];
                // Scored before the divergence check: a fault's loss is what the score is for.
                Score = _anomaly.Add(loss);
                float threshold = _settings.AlertThreshold;
                if (0f < threshold && threshold < Score) RaiseAlert();
            }
            bool paused = _settings.PauseLearningDuringAlerts && _pauseReadingsLeft > 0;
            bool learn = !frozen && !beyondSpike && !paused;
            // Predicting changes, the network is at fault when it does far worse than "no change" would: a fault of the
            // readings costs both alike. That is also checked while an alert pauses learning, or a network that
            // diverged would hold its own alert for ever.
            bool guarded = learn || (paused && _predictsChange && !frozen && !beyondSpike);
            if (guarded && IsDivergent(loss))
            {
                // One loss this far above the average is a reading the network could not expect (a jump, a fault), not
                // learned from; only a run of them with the network at fault is the network itself diverging.
                bool networkAtFault = !_predictsChange || _settings.DivergenceFactor * UnchangedLoss() < loss;
                _divergentInARow = networkAtFault ? _divergentInARow + 1 : 0;
                if (_divergentInARow >= DivergentStepsForRecovery)
                {
                    Recover();
                    return false;
                }
                learn = false;
            }
            else if (learn)
            {
                _divergentInARow = 0;
            }
            Step++;
            LastLoss = loss;
            // A fault's losses stay out of the average the divergence check compares with.
            if (!learn && !frozen) return true;
            _stepsSinceStart++;
            AverageLoss = _stepsSinceStart == 1 ? loss : AverageLoss + _settings.AverageSmoothing * (loss - AverageLoss);
            if (frozen) return true;
            Optimizer.StepAfterForward(_window, _target);
            if (_stepsOnTrial > 0) _stepsOnTrial--;
            if (Step % _settings.SnapshotInterval == 0)
            {
                // Parameters on trial (a global model) become the last good ones only once they trained a whole interval.
                if (_stepsOnTrial == 0) TakeSnapshot();
                RegrowLearningRate();
            }

            if (_classReplay != null)
            {
                _classReplay.Add(_window, _label, _replayRandom);
                for (int r = 0; r < _settings.ReplayPerStep; r++)
                {
                    OneHot(_replayD, _classReplay.CopyRandom(_replayRandom, _replayX));
                    Optimizer.Step(_replayX, _replayD);
                }
                return true;
            }
            if (Replay == null) return true;
            Replay.Add(_window, _target);
            for (int r = 0; r < _settings.ReplayPerStep; r++)
            {
                Replay.CopyTo((int)(_replayRandom.NextUInt() % (uint)Replay.Count), _replayX, _replayD);
                Optimizer.Step(_replayX, _replayD);
            }
            return true;
        }

        /// <summary>
        /// The readings that follow do not continue the ones before (another recording, a gap, another pass over the same
        /// one): the window fills again from the next reading, and no sample joins readings from both sides.
        /// </summary>
        public void StartNewWindow()
        {
            _readingsInWindow = 0;
            _readingsInPoint = 0;
            _pointsSinceSample = _stride;
            _windowLabel = -1;
        }

        // Downsample: adds the standardized reading to the window point being built; true when it holds Downsample readings
        // and Standardized holds their mean (a point of a single reading is the reading itself, bit for bit).
        private bool CompletesPoint()
        {
            if (_downsample == 1) return true;
            float[] sums = _pointSums;
            if (_readingsInPoint == 0) System.Array.Clear(sums, 0, sums.Length);
            for (int c = 0; c < sums.Length; c++) sums[c] += Standardized[c];
            if (++_readingsInPoint < _downsample) return false;
            _readingsInPoint = 0;
            float share = 1f / _downsample;
            for (int c = 0; c < sums.Length; c++) Standardized[c] = sums[c] * share;
            return true;
        }

        // A channel of the raw reading beyond SpikeLimit of the statistics (0: never); a classifier's inputs move by design.
        private bool BeyondSpikeLimit(float[] reading)
        {
            return _labelChannel < 0 && HasChannelBeyond(reading, _settings.SpikeLimit);
        }

        // Gathers a reading kept out of the statistics; true when OutliersForNewLevel of them in a row are a stable level, which
        // the statistics then take. An unstable run (a ramp, alternating values) starts gathering again.
        private bool AdoptsNewLevel(float[] reading)
        {
            _newLevel.Update(reading);
            if (_newLevel.SampleCount < OutliersForNewLevel) return false;
            float factor = NewLevelSpreadFactor * NewLevelSpreadFactor;
            bool stable = true;
            for (int c = 0; c < _channelCount; c++)
            {
                if (c == _labelChannel) continue;
                stable &= _newLevel.Variance(c) <= factor * Standardizer.Variance(c);
            }
            if (stable) Standardizer.CopyFrom(_newLevel);
            _newLevel.Reset();
            return stable;
        }

        // True when an input of the window lies beyond SpikeLimit (0: never).
        private bool HoldsSpike()
        {
            float limit = _settings.SpikeLimit;
            if (limit <= 0f) return false;
            float[] x = _window;
            for (int i = 0; i < x.Length; i++)
            {
                if (!(x[i] <= limit && -limit <= x[i])) return true;
            }
            return false;
        }

        // E of the prediction "no change", y = 0: 1/2 sum_j d_j^2 (eq. 3's E with y = 0).
        private float UnchangedLoss()
        {
            float sum = 0f;
            for (int j = 0; j < _target.Length; j++) sum += _target[j] * _target[j];
            return 0.5f * sum;
        }

        // d of the self-supervised sample: the standardized reading (eq. 3's target), or its change since the last reading,
        // both in the standardizer's current units and clamped as the inputs are.
        private void SetSelfSupervisedTarget()
        {
            if (!_predictsChange)
            {
                System.Array.Copy(Standardized, _target, _channelCount);
                return;
            }
            float limit = _settings.OutlierLimit;
            for (int c = 0; c < _channelCount; c++)
            {
                float previous = Standardizer.Standardize(c, _previousReading[c]);
                if (0f < limit) previous = limit < previous ? limit : previous < -limit ? -limit : previous;
                _target[c] = Standardized[c] - previous;
            }
        }

        // The level rules on the standardized reading, once the standardizer has learned enough to judge: a spike beyond
        // SpikeLimit (a fault's sample, so learning pauses), and the level-drift sums (a real level, so learning goes on).
        private void JudgeLevels()
        {
            if (Standardizer.SampleCount < OutlierWarmup) return;
            float limit = _settings.SpikeLimit;
            if (0f < limit)
            {
                for (int c = 0; c < _channelCount; c++)
                {
                    float z = Standardized[c];
                    if (!(z <= limit && -limit <= z))
                    {
                        RaiseAlert();
                        break;
                    }
                }
            }
            if (_drift != null && _drift.Add(Standardized)) RaiseAlert(false);
        }

        // Only called with a finite loss: TrainOnWindow turns a non-finite one into a recovery first.
        // Not for a classifier: a confident wrong guess (the first sample of a new class) costs a cross-entropy
        // of several units against an average of a few hundredths, and is the sample most worth learning;
        // its gradient, y - d, stays within [-1, 1] however large the loss. Measured on the three-class signal
        // (5000 readings, seed 1): with the factor check, 43 recoveries and 0.82 accuracy over the last 1000
        // instead of none and 0.96.
        private bool IsDivergent(float loss)
        {
            float factor = _settings.DivergenceFactor;
            return _labelChannel < 0 && 0f < factor && _stepsSinceStart >= _settings.DivergenceWarmup && factor * AverageLoss < loss;
        }

        // Back to the last good parameters, with a smaller step so the same blow-up is less likely. Never silent: what
        // diverged was either the network or the readings, and the owner is told as for any fault.
        private void Recover()
        {
            Recoveries = Increment(Recoveries);
            RaiseAlert();
            if (++_recoveriesSinceSnapshot >= RecoveriesBeforeRestart)
            {
                Restart();
                return;
            }
            Network.Parameters.CopyFrom(_parameterSnapshot);
            _stepsOnTrial = 0;
            CopyState(_stateSnapshot, _scalarSnapshot, Optimizer.State, Optimizer.StateScalars);
            AverageLoss = _averageAtSnapshot;
            _stepsSinceStart = _stepsSinceStartAtSnapshot;
            Optimizer.DiscardBatch();
            _divergentInARow = 0;
            float reduced = Optimizer.LearningRate * _settings.LearningRateBackoff;
            Optimizer.LearningRate = _minimumLearningRate < reduced ? reduced : _minimumLearningRate;
        }

        // The snapshot diverges as soon as it is used: weights from the seed, the optimizer's state fresh, the rate as set.
        private void Restart()
        {
            Restarts = Increment(Restarts);
            InitializeNetwork();
            Optimizer.ResetState();
            Optimizer.DiscardBatch();
            Optimizer.LearningRate = _settings.LearningRate;
            _stepsSinceStart = 0;
            _anomaly.Reset();
            TakeSnapshot();
        }

        // Weights from the seed; predicting changes, an output layer of zeros, so that the untrained network predicts
        // "the same as the last reading" (y = 0) and learning starts from that baseline.
        private void InitializeNetwork()
        {
            Network.Initialize(_settings.Seed);
            if (!_predictsChange) return;
            System.Array.Clear(Network.W2, 0, Network.W2.Length);
            System.Array.Clear(Network.B2, 0, Network.B2.Length);
        }

        // Starts an alert, or holds the current one AlertHoldReadings readings more; an alert of a fault also pauses learning as long.
        private void RaiseAlert()
        {
            RaiseAlert(true);
        }

        private void RaiseAlert(bool pausesLearning)
        {
            if (_settings.AlertThreshold <= 0f) return;
            if (_alertReadingsLeft == 0)
            {
                Alerts = Increment(Alerts);
                AlertRaised = true;
            }
            _alertReadingsLeft = _settings.AlertHoldReadings + 1;
            if (pausesLearning) _pauseReadingsLeft = _settings.AlertHoldReadings + 1;
        }

        // What the readings before now have built up and the network should not carry over: the window,
        // the replay ring, a partial batch and the loss average (which the divergence check needs warm).
        private void ForgetRecentReadings()
        {
            AverageLoss = 0f;
            LastLoss = 0f;
            _readingsInWindow = 0;
            _stepsSinceStart = 0;
            _averageAtSnapshot = 0f;
            _stepsSinceStartAtSnapshot = 0;
            _anomaly.Reset();
            Optimizer.DiscardBatch();
            if (Replay != null) Replay.Clear();
            if (_classReplay != null) _classReplay.Clear();
            _newLevel.Reset();
            StartNewWindow();
            // The accuracy is of the model since then: a resumed one, or one that starts learning a new level.
            if (_accuracy == null) return;
            _accuracy.Clear();
            _baseline.Clear();
            _previousSampleLabel = -1;
        }

        // argmax y, the lowest index on a tie; with '<' only, a NaN never wins (nanoCLR compares NaN differently).
        private static int PredictedClass(float[] y)
        {
            int best = 0;
            float top = y[0];
            for (int j = 1; j < y.Length; j++)
            {
                if (top < y[j])
                {
                    top = y[j];
                    best = j;
                }
            }
            return best;
        }

        // Far outside what the standardizer has learned, once it has learned enough to judge.
        private bool IsOutlier(float[] reading)
        {
            return Standardizer.SampleCount >= OutlierWarmup && HasChannelBeyond(reading, _settings.OutlierLimit);
        }

        // A measured channel of the raw reading more than limit standard deviations from its mean (limit 0: never).
        private bool HasChannelBeyond(float[] reading, float limit)
        {
            if (limit <= 0f) return false;
            for (int c = 0; c < _channelCount; c++)
            {
                // A label is no measurement: a class seen rarely lies far from the label's mean.
                if (c == _labelChannel) continue;
                float z = Standardizer.Standardize(c, reading[c]);
                // Written so that an infinite z (a reading near float.MaxValue) is an outlier too.
                if (!(z <= limit && -limit <= z)) return true;
            }
            return false;
        }

        // d one-hot: a classifier's target for class label.
        private static void OneHot(float[] d, int label)
        {
            System.Array.Clear(d, 0, d.Length);
            d[label] = 1f;
        }

        private static int Increment(int count)
        {
            return count < int.MaxValue ? count + 1 : count;
        }

        // Keeps the current parameters as the last good ones, unless they are already broken.
        private void TakeSnapshot()
        {
            if (!Network.Parameters.AllFinite()) return;
            _parameterSnapshot.CopyFrom(Network.Parameters);
            CopyState(Optimizer.State, Optimizer.StateScalars, _stateSnapshot, _scalarSnapshot);
            _averageAtSnapshot = AverageLoss;
            _stepsSinceStartAtSnapshot = _stepsSinceStart;
            _recoveriesSinceSnapshot = 0;
        }

        private static void CopyState(ParameterBuffers[] fromBuffers, float[] fromScalars, ParameterBuffers[] toBuffers, float[] toScalars)
        {
            for (int k = 0; k < fromBuffers.Length; k++) toBuffers[k].CopyFrom(fromBuffers[k]);
            // The snapshot's scalars are null when the optimizer has none.
            if (fromScalars != null && toScalars != null) System.Array.Copy(fromScalars, toScalars, toScalars.Length);
        }

        // After SnapshotInterval calm steps the rate grows back towards its setting, so isolated
        // spikes do not slow learning for good.
        private void RegrowLearningRate()
        {
            if (Recoveries == _recoveriesAtSnapshot)
            {
                float grown = Optimizer.LearningRate / _settings.LearningRateBackoff;
                Optimizer.LearningRate = grown < _settings.LearningRate ? grown : _settings.LearningRate;
            }
            _recoveriesAtSnapshot = Recoveries;
        }

        // A channel that repeats its value StuckLimit times; with two or more measured channels StillLimit times: the axes of a
        // sensor at rest repeat their quantised values for hundreds of readings, each on its own.
        private bool IsStuck(float[] reading)
        {
            int limit = _stuckLimit;
            bool stuck = false;
            for (int c = 0; c < _channelCount; c++)
            {
                // A label holds one class for as long as the class lasts.
                if (c == _labelChannel) continue;
                if (reading[c] == _lastValues[c] && _repeats[c] > 0)
                {
                    if (_repeats[c] < limit) _repeats[c]++;
                }
                else
                {
                    _lastValues[c] = reading[c];
                    _repeats[c] = 1;
                }
                stuck |= limit > 0 && _repeats[c] >= limit;
            }
            return stuck;
        }

        private void PushIntoWindow()
        {
            int perReading = _valuesPerReading;
            System.Array.Copy(_window, perReading, _window, 0, _inputCount - perReading);
            int position = _inputCount - perReading;
            for (int c = 0; c < _channelCount; c++)
            {
                if (c != _learnedChannel) _window[position++] = Standardized[c];
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
            report.Stuck = StuckReadings;
            report.Recoveries = Recoveries;
            report.Outliers = Outliers;
            report.Prediction = Prediction;
            report.Actual = Actual;
            report.Score = Score;
            report.Alerts = Alerts;
            report.IsClassifier = _labelChannel >= 0;
            report.Accuracy = Accuracy;
            report.BadLabels = BadLabels;
            report.BaselineAccuracy = BaselineAccuracy;
            _stepsSinceReport = 0;
            _ticksSinceReport = 0;
            if (_sink != null) _sink.Report(report);
        }
    }
}
