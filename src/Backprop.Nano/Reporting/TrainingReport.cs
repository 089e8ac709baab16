namespace Backprop.Nano
{
    /// <summary>What the online trainer reports every ReportInterval steps.</summary>
    public sealed class TrainingReport
    {
        /// <summary>Live samples trained so far.</summary>
        public long Step { get; set; }

        /// <summary>The loss E of the latest live sample, before its update (standardized units).</summary>
        public float Loss { get; set; }

        /// <summary>Exponential moving average of the live E.</summary>
        public float AverageLoss { get; set; }

        /// <summary>Mean time per step since the previous report, replay included, in microseconds.</summary>
        public float MicrosecondsPerStep { get; set; }

        /// <summary>Readings skipped so far because they were not finite numbers.</summary>
        public int Skipped { get; set; }

        /// <summary>Readings skipped so far because a channel was stuck at one value.</summary>
        public int Stuck { get; set; }

        /// <summary>Times the trainer restored its last good parameters after a divergent loss.</summary>
        public int Recoveries { get; set; }

        /// <summary>Readings skipped so far as far outside the learned range.</summary>
        public int Outliers { get; set; }

        /// <summary>Sensor reads that threw so far (counted by TrainingSession; 0 without one).</summary>
        public int SensorErrors { get; set; }

        /// <summary>Checkpoint saves that threw so far (counted by TrainingSession; 0 without one).</summary>
        public int SaveErrors { get; set; }

        /// <summary>The prediction for the latest sample's first target channel, in sensor units (a classifier's: the predicted class).</summary>
        public float Prediction { get; set; }

        /// <summary>The reading that prediction was for, in sensor units (a classifier's: the label).</summary>
        public float Actual { get; set; }

        /// <summary>The anomaly score of the latest live loss (regression only: 0 for a classifier).</summary>
        public float Score { get; set; }

        /// <summary>Alerts raised so far.</summary>
        public int Alerts { get; set; }

        /// <summary>True for a classifier's report (OnlineTrainerSettings.LabelChannel set): the line then ends with acc and bad_labels.</summary>
        public bool IsClassifier { get; set; }

        /// <summary>A classifier's accuracy over its latest AccuracyWindow predictions, in [0, 1] (OnlineTrainer.Accuracy).</summary>
        public float Accuracy { get; set; }

        /// <summary>Readings a classifier skipped so far because the label was not a class index.</summary>
        public int BadLabels { get; set; }

        /// <summary>A classifier's baseline over the same predictions: the previous sample's label taken as the guess (OnlineTrainer.BaselineAccuracy).</summary>
        public float BaselineAccuracy { get; set; }

        /// <summary>Copies every field of <paramref name="other"/>.</summary>
        public void CopyFrom(TrainingReport other)
        {
            Step = other.Step;
            Loss = other.Loss;
            AverageLoss = other.AverageLoss;
            MicrosecondsPerStep = other.MicrosecondsPerStep;
            Skipped = other.Skipped;
            Stuck = other.Stuck;
            Recoveries = other.Recoveries;
            Outliers = other.Outliers;
            SensorErrors = other.SensorErrors;
            SaveErrors = other.SaveErrors;
            Prediction = other.Prediction;
            Actual = other.Actual;
            Score = other.Score;
            Alerts = other.Alerts;
            IsClassifier = other.IsClassifier;
            Accuracy = other.Accuracy;
            BadLabels = other.BadLabels;
            BaselineAccuracy = other.BaselineAccuracy;
        }
    }
}
