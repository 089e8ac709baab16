namespace Backprop.Nano
{
    /// <summary>
    /// Everything that shapes on-line learning. The defaults learn the default synthetic sensor
    /// (and a potentiometer or light sensor on one ADC channel) on a plain ESP32.
    /// </summary>
    public sealed class OnlineTrainerSettings
    {
        /// <summary>The largest DriftLimit: the sums it caps (at twice the limit) stay within what a model file stores.</summary>
        public const float MaximumDriftLimit = 100000f;

        /// <summary>The largest Downsample and WindowStride (a model file keeps each in 16 bits' range).</summary>
        public const int MaximumWindowGeometry = 65535;

        /// <summary>Readings per sample, e.g. the number of ADC channels.</summary>
        public int ChannelCount { get; set; } = 1;

        /// <summary>
        /// -1 (default): self-supervised; predict the next reading of every channel from the last
        /// WindowLength readings. 0..ChannelCount-1: supervised; predict this channel's reading
        /// from the last WindowLength readings of the other channels.
        /// </summary>
        public int TargetChannel { get; set; } = -1;

        /// <summary>
        /// -1 (default): regression (see TargetChannel). 0..ChannelCount-1: classification; this channel
        /// carries the class index (0..ClassCount-1) of each reading, e.g. a button or a second sensor, and
        /// the network learns it from the last WindowLength readings of the other channels, with ClassCount
        /// softmax outputs and the cross-entropy loss. The label is taken as it is (never standardized); a
        /// value that is not a whole number in [0, ClassCount) skips the reading, counted in OnlineTrainer.BadLabels.
        /// </summary>
        public int LabelChannel { get; set; } = -1;

        /// <summary>Classes of a classifier (LabelChannel set), at least 2.</summary>
        public int ClassCount { get; set; } = 2;

        /// <summary>Latest predictions a classifier's accuracy is counted over (OnlineTrainer.Accuracy, the report's acc).</summary>
        public int AccuracyWindow { get; set; } = 100;

        /// <summary>
        /// Self-supervised regression (TargetChannel -1, no LabelChannel) only: true (default) makes the network predict each
        /// channel's change since the last reading, d = z_t - z_(t-1) in standardized units, and the prediction the last
        /// reading plus y. The output layer starts at zero, so an untrained network predicts "the same as the last reading"
        /// and what it learns can only be an improvement on that baseline. false: the network predicts the reading itself.
        /// </summary>
        public bool PredictChange { get; set; } = true;

        /// <summary>k, the readings per input window (for a classifier with Downsample, window points: Downsample readings each).</summary>
        public int WindowLength { get; set; } = 8;

        /// <summary>
        /// Classifier only: the readings averaged into one point of the window (1, the default: every reading is a point).
        /// A gesture of 315 readings at 100 Hz fits a window of 21 points of 15 readings: 21 values per channel instead of 315.
        /// </summary>
        public int Downsample { get; set; } = 1;

        /// <summary>
        /// Classifier only: window points between two samples (1, the default: every new point makes a sample). Set to
        /// WindowLength, consecutive windows do not overlap: each covers one whole event of WindowLength x Downsample readings,
        /// counted from the reading where the label changed (a classifier's window always starts there; see OnlineTrainer).
        /// </summary>
        public int WindowStride { get; set; } = 1;

        /// <summary>Hidden units of the network.</summary>
        public int HiddenCount { get; set; } = 16;

        /// <summary>Hidden activation; the output layer follows from the mode (OutputActivation: identity as in the seed, softmax for a classifier).</summary>
        public Activation HiddenActivation { get; set; } = Activation.Tanh;

        /// <summary>The optimizer: SGD (default, with Momentum) or Adam (with Beta1, Beta2, Epsilon).</summary>
        public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;

        /// <summary>eta of SGD, alpha of Adam (whose paper suggests 0.001).</summary>
        public float LearningRate { get; set; } = 0.01f;

        /// <summary>mu of the SGD optimizer, in [0, 1). 0 by default: with momentum 0.9 and no replay, eta 0.01 diverged on the synthetic sensor. Must be 0 with Adam (beta1 is its momentum).</summary>
        public float Momentum { get; set; } = 0f;

        /// <summary>Adam's beta1, in [0, 1) (the paper's 0.9); unused by SGD.</summary>
        public float Beta1 { get; set; } = AdamOptimizer.DefaultBeta1;

        /// <summary>Adam's beta2, in [0, 1) (the paper's 0.999); unused by SGD.</summary>
        public float Beta2 { get; set; } = AdamOptimizer.DefaultBeta2;

        /// <summary>Adam's epsilon, positive and finite (the paper's 1e-8); unused by SGD.</summary>
        public float Epsilon { get; set; } = AdamOptimizer.DefaultEpsilon;

        /// <summary>Samples per update (live and replayed samples alike).</summary>
        public int BatchSize { get; set; } = 1;

        /// <summary>
        /// Samples kept for replay; 0 turns replay off. Regression keeps the most recent ones (SampleRing); a classifier keeps
        /// ReplayCapacity / ClassCount of every class it has seen (ClassReservoir), so that a class seen long ago is still replayed.
        /// </summary>
        public int ReplayCapacity { get; set; } = 64;

        /// <summary>Replayed samples trained after each live one.</summary>
        public int ReplayPerStep { get; set; } = 1;

        /// <summary>Steps between reports. Only what is reported: learning is the same for every interval.</summary>
        public int ReportInterval { get; set; } = 100;

        /// <summary>
        /// Steps between snapshots of the last good parameters (what a recovery returns to); after each, the learning rate
        /// grows back by one backoff factor when no recovery happened since the previous one.
        /// </summary>
        public int SnapshotInterval { get; set; } = 100;

        /// <summary>Steps learned (since construction, a resume or a restart) before the DivergenceFactor check starts.</summary>
        public int DivergenceWarmup { get; set; } = 100;

        /// <summary>alpha of the moving average: avg += alpha (E - avg).</summary>
        public float AverageSmoothing { get; set; } = 0.02f;

        /// <summary>Stop updating the standardizer after this many readings; 0 never freezes it.</summary>
        public int FreezeStandardizerAfter { get; set; } = 0;

        /// <summary>
        /// A channel that reads exactly the same value this many times in a row is taken as stuck
        /// (a disconnected ADC pinned at 0 or 4095): its readings are skipped and counted until
        /// the value changes. 0 turns the check off.
        /// </summary>
        public int StuckLimit { get; set; } = 50;

        /// <summary>
        /// StuckLimit for a sensor of two or more measured channels (the label channel is not measured): the axes of an
        /// accelerometer at rest repeat their quantised values for hundreds of readings (164 in the uWave recordings), each axis
        /// on its own, and that is no fault. 0: StuckLimit for every sensor. StuckLimit 0 turns both off.
        /// </summary>
        public int StillLimit { get; set; } = 1000;

        /// <summary>
        /// A live loss above this multiple of the moving average (once DivergenceWarmup steps are
        /// done) counts as divergence, as does a loss that is not finite: the trainer restores
        /// the last good parameters, multiplies the learning rate by LearningRateBackoff and
        /// skips the sample. 0 keeps only the non-finite check, as a classifier always does (see LabelChannel).
        /// </summary>
        public float DivergenceFactor { get; set; } = 50f;

        /// <summary>
        /// Factor in (0, 1] applied to the learning rate at each recovery (never below 1/1000 of
        /// LearningRate); after each SnapshotInterval steps without a recovery the rate is divided
        /// by it again, up to LearningRate.
        /// </summary>
        public float LearningRateBackoff { get; set; } = 0.5f;

        /// <summary>
        /// Once the standardizer has OnlineTrainer.OutlierWarmup readings, a reading with a channel
        /// more than this many standard deviations from its mean is skipped and counted as an outlier
        /// (a glitching sensor's 1e13 must not reach the statistics); before that, and always, the
        /// network's inputs are clamped to ±this. 0 turns both off.
        /// </summary>
        public float OutlierLimit { get; set; } = 50f;

        /// <summary>
        /// A live loss whose anomaly score (see AnomalyScore: its distance above the typical loss in
        /// typical deviations) exceeds this raises an alert, as does a reading skipped as non-finite,
        /// stuck or an outlier, a spike, a level drift or a recovery. 0 turns alerts off. The default (with SpikeLimit,
        /// DriftSlack and DriftLimit) was chosen once for every NAB series in ../shared/data (README "Real sensors"):
        /// NAB allows one threshold per detector, never one per file.
        /// </summary>
        public float AlertThreshold { get; set; } = 40f;

        /// <summary>
        /// Regression only (a classifier's inputs move by design): once the standardizer has OnlineTrainer.OutlierWarmup
        /// readings, a channel more than this many standard deviations from its mean raises an alert, a spike (NAB's
        /// sensors: a drop of a speed, a jump of a temperature). The reading is still learned from unless PauseLearningDuringAlerts.
        /// 0 turns the rule off.
        /// </summary>
        public float SpikeLimit { get; set; } = 4.5f;

        /// <summary>
        /// Regression only: the slack k of the level-drift rule (see LevelDrift), in standard deviations; a level within
        /// ±k of the mean never drifts.
        /// </summary>
        public float DriftSlack { get; set; } = 2f;

        /// <summary>
        /// Regression only: the decision limit h of the level-drift rule (see LevelDrift), the standard deviations beyond
        /// DriftSlack that must add up before a lasting shift or a slow drift raises an alert (at most 100000). 0 turns it off.
        /// A drift alert does not pause learning: the readings are real, only their level is new.
        /// </summary>
        public float DriftLimit { get; set; } = 30f;

        /// <summary>Readings an alert holds after the last reading that raised it (0: only that reading).</summary>
        public int AlertHoldReadings { get; set; } = 50;

        /// <summary>Weight of each live loss in the anomaly score's level and spread, in (0, 1].</summary>
        public float ScoreSmoothing { get; set; } = 0.005f;

        /// <summary>Live losses the anomaly score averages before it scores (a fresh network's losses fall fast).</summary>
        public int ScoreWarmup { get; set; } = 100;

        /// <summary>
        /// true (default): while an alert holds the trainer predicts and scores but does not learn,
        /// so the model does not learn a fault as normal.
        /// </summary>
        public bool PauseLearningDuringAlerts { get; set; } = true;

        /// <summary>
        /// The detector mode: never learn, only predict and score (the standardizer is frozen too).
        /// For a model trained before, e.g. loaded from a checkpoint; cheaper per reading.
        /// </summary>
        public bool FreezeLearning { get; set; } = false;

        /// <summary>Seed of the weights and of the replay choices.</summary>
        public uint Seed { get; set; } = 1;

        /// <summary>Inputs of the network for these settings.</summary>
        public int InputCount
        {
            get { return WindowLength * (IsSupervised ? ChannelCount - 1 : ChannelCount); }
        }

        /// <summary>Outputs of the network for these settings.</summary>
        public int OutputCount
        {
            get { return LabelChannel >= 0 ? ClassCount : TargetChannel >= 0 ? 1 : ChannelCount; }
        }

        /// <summary>True when the network predicts changes: PredictChange, for self-supervised regression.</summary>
        public bool PredictsChange
        {
            get { return PredictChange && LearnedChannel < 0; }
        }

        /// <summary>The output layer for these settings: softmax for a classifier, else the seed's identity.</summary>
        public Activation OutputActivation
        {
            get { return IsClassifier ? Activation.Softmax : Activation.Identity; }
        }

        /// <summary>The loss for these settings: cross-entropy for a classifier, else squared error.</summary>
        public LossFunction LossFunction
        {
            get { return IsClassifier ? LossFunction.CrossEntropy : LossFunction.SquaredError; }
        }

        /// <summary>True for a classifier (LabelChannel set).</summary>
        public bool IsClassifier
        {
            get { return LabelChannel >= 0; }
        }

        /// <summary>The channel that is learned rather than fed to the network (the target or the label); -1 when self-supervised.</summary>
        public int LearnedChannel
        {
            get { return LabelChannel >= 0 ? LabelChannel : TargetChannel; }
        }

        private bool IsSupervised
        {
            get { return LearnedChannel >= 0; }
        }

        /// <summary>The optimizer these settings ask for, on <paramref name="network"/>.</summary>
        public IOptimizer CreateOptimizer(TwoLayerNetwork network)
        {
            if (Optimizer == OptimizerKind.Adam) return new AdamOptimizer(network, LearningRate, Beta1, Beta2, Epsilon, BatchSize);
            return new SgdOptimizer(network, LearningRate, Momentum, BatchSize);
        }

        /// <summary>An independent copy (the trainer keeps one, so later changes to these settings do not reach it).</summary>
        public OnlineTrainerSettings Clone()
        {
            return (OnlineTrainerSettings)MemberwiseClone();
        }

        /// <summary>Throws an ArgumentException naming the first setting that is out of range.</summary>
        public void Validate()
        {
            Check.AtLeastOne(ChannelCount, "ChannelCount");
            if (TargetChannel < -1 || TargetChannel >= ChannelCount || (TargetChannel >= 0 && ChannelCount < 2))
            {
                throw new System.ArgumentOutOfRangeException("TargetChannel",
                    "TargetChannel must be -1 (self-supervised) or another channel's index when there are at least 2 channels.");
            }
            if (LabelChannel < -1 || LabelChannel >= ChannelCount || (LabelChannel >= 0 && ChannelCount < 2))
            {
                throw new System.ArgumentOutOfRangeException("LabelChannel",
                    "LabelChannel must be -1 (regression) or another channel's index when there are at least 2 channels.");
            }
            if (LabelChannel >= 0 && TargetChannel >= 0)
            {
                throw new System.ArgumentException("LabelChannel (a classifier) and TargetChannel (regression) cannot both be set.", "LabelChannel");
            }
            if (ClassCount < 2) throw new System.ArgumentOutOfRangeException("ClassCount", "ClassCount must be at least 2.");
            Check.AtLeastOne(AccuracyWindow, "AccuracyWindow");
            Check.AtLeastOne(WindowLength, "WindowLength");
            Check.AtLeastOne(Downsample, "Downsample");
            Check.AtLeastOne(WindowStride, "WindowStride");
            if (!IsClassifier && (Downsample > 1 || WindowStride > 1))
            {
                throw new System.ArgumentOutOfRangeException("Downsample", "Downsample and WindowStride shape a classifier's windows (set LabelChannel); regression takes every reading.");
            }
            if (Downsample > MaximumWindowGeometry || WindowStride > MaximumWindowGeometry)
            {
                throw new System.ArgumentOutOfRangeException("Downsample", "Downsample and WindowStride must be at most 65535.");
            }
            Check.AtLeastOne(HiddenCount, "HiddenCount");
            Check.Defined(HiddenActivation, "HiddenActivation");
            Check.PositiveFinite(LearningRate, "LearningRate");
            if (Optimizer != OptimizerKind.Sgd && Optimizer != OptimizerKind.Adam)
            {
                throw new System.ArgumentOutOfRangeException("Optimizer", "Optimizer must be Sgd or Adam.");
            }
            Check.InUnitInterval(Momentum, "Momentum");
            if (Optimizer == OptimizerKind.Adam && Momentum != 0f)
            {
                throw new System.ArgumentOutOfRangeException("Momentum", "Momentum is for SGD; Adam's beta1 plays its part (set Momentum to 0).");
            }
            Check.InUnitInterval(Beta1, "Beta1");
            Check.InUnitInterval(Beta2, "Beta2");
            Check.PositiveFinite(Epsilon, "Epsilon");
            Check.AtLeastOne(BatchSize, "BatchSize");
            if (ReplayCapacity < 0 || ReplayPerStep < 0 || (ReplayCapacity == 0 && ReplayPerStep > 0))
            {
                throw new System.ArgumentOutOfRangeException("ReplayPerStep",
                    "ReplayCapacity and ReplayPerStep must be >= 0, and replay needs a capacity.");
            }
            Check.AtLeastOne(ReportInterval, "ReportInterval");
            Check.AtLeastOne(SnapshotInterval, "SnapshotInterval");
            Check.AtLeastOne(DivergenceWarmup, "DivergenceWarmup");
            if (!(0f < AverageSmoothing && AverageSmoothing <= 1f))
            {
                throw new System.ArgumentOutOfRangeException("AverageSmoothing", "AverageSmoothing must be in (0, 1].");
            }
            if (StuckLimit < 0) throw new System.ArgumentOutOfRangeException("StuckLimit", "StuckLimit must be >= 0.");
            if (StillLimit < 0) throw new System.ArgumentOutOfRangeException("StillLimit", "StillLimit must be >= 0.");
            if (IsClassifier && 0 < ReplayCapacity && ReplayCapacity < ClassCount)
            {
                throw new System.ArgumentOutOfRangeException("ReplayCapacity", "A classifier's ReplayCapacity keeps a share for each class: at least ClassCount (" + ClassCount + "), or 0.");
            }
            if (!(0f <= DivergenceFactor) || !FloatMath.IsFinite(DivergenceFactor))
            {
                throw new System.ArgumentOutOfRangeException("DivergenceFactor", "DivergenceFactor must be a finite number >= 0.");
            }
            if (!(0f < LearningRateBackoff && LearningRateBackoff <= 1f))
            {
                throw new System.ArgumentOutOfRangeException("LearningRateBackoff", "LearningRateBackoff must be in (0, 1].");
            }
            if (!(0f <= OutlierLimit) || !FloatMath.IsFinite(OutlierLimit))
            {
                throw new System.ArgumentOutOfRangeException("OutlierLimit", "OutlierLimit must be a finite number >= 0.");
            }
            if (!(0f <= AlertThreshold) || !FloatMath.IsFinite(AlertThreshold))
            {
                throw new System.ArgumentOutOfRangeException("AlertThreshold", "AlertThreshold must be a finite number >= 0.");
            }
            if (!(0f <= SpikeLimit) || !FloatMath.IsFinite(SpikeLimit))
            {
                throw new System.ArgumentOutOfRangeException("SpikeLimit", "SpikeLimit must be a finite number >= 0.");
            }
            Check.PositiveFinite(DriftSlack, "DriftSlack");
            if (!(0f <= DriftLimit && DriftLimit <= MaximumDriftLimit))
            {
                throw new System.ArgumentOutOfRangeException("DriftLimit", "DriftLimit must be from 0 to 100000.");
            }
            if (AlertHoldReadings < 0) throw new System.ArgumentOutOfRangeException("AlertHoldReadings", "AlertHoldReadings must be >= 0.");
            Check.Fraction(ScoreSmoothing, "ScoreSmoothing");
            Check.AtLeastOne(ScoreWarmup, "ScoreWarmup");
            if (FreezeStandardizerAfter < 0)
            {
                throw new System.ArgumentOutOfRangeException("FreezeStandardizerAfter", "FreezeStandardizerAfter must be >= 0.");
            }
        }
    }
}
