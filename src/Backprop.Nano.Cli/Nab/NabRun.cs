using System;
using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The board's trainer over one NAB series, reading by reading as a board would take them, with the settings it is
    /// given: a detection is a reading that raised an alert (the first of an alert, not the readings it holds), and the
    /// one-step prediction of each reading is kept for its error. Then the series' scores under NAB's three profiles.
    /// </summary>
    internal sealed class NabRun
    {
        public NabRun(NabSeries series, OnlineTrainerSettings settings)
        {
            Series = series;
            var trainer = new OnlineTrainer(settings, null);
            int rows = series.RowCount;
            Detections = new bool[rows];
            var reading = new float[1];
            double modelSum = 0, baselineSum = 0;
            int predicted = 0;
            float previous = 0f;
            for (int i = 0; i < rows; i++)
            {
                reading[0] = series.Values[i];
                bool stepped = trainer.AddReading(reading);
                Detections[i] = trainer.AlertRaised;
                // One-step errors after the probation period, on the readings the trainer predicted, against "the same as the
                // last reading" on the same readings.
                if (stepped && i > 0 && i >= series.Scorer.ProbationRows)
                {
                    double error = trainer.Actual - (double)trainer.Prediction, baseline = series.Values[i] - (double)previous;
                    modelSum += error * error;
                    baselineSum += baseline * baseline;
                    predicted++;
                }
                previous = series.Values[i];
            }
            Trainer = trainer;
            PredictedReadings = predicted;
            ModelRmse = predicted == 0 ? double.NaN : Math.Sqrt(modelSum / predicted);
            BaselineRmse = predicted == 0 ? double.NaN : Math.Sqrt(baselineSum / predicted);
            var results = new List<NabResult>();
            foreach (NabProfile profile in NabProfile.All) results.Add(series.Scorer.Score(Detections, profile));
            Results = results;
        }

        public NabSeries Series { get; }

        /// <summary>The trainer after the last reading (its counters: alerts, recoveries, outliers, ...).</summary>
        public OnlineTrainer Trainer { get; }

        /// <summary>Per row: the reading raised an alert.</summary>
        public bool[] Detections { get; }

        /// <summary>The scores under <see cref="NabProfile.All"/>, in that order.</summary>
        public IReadOnlyList<NabResult> Results { get; }

        /// <summary>Readings after the probation period that the trainer predicted (the ones the errors are over).</summary>
        public int PredictedReadings { get; }

        /// <summary>Root-mean-square one-step error, in the series' units, and that of "the same as the last reading".</summary>
        public double ModelRmse { get; }

        public double BaselineRmse { get; }
    }
}
