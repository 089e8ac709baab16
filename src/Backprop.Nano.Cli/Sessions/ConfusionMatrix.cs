using System.Collections.Generic;
using System.Globalization;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// A classifier's predictions counted by label and predicted class, with the sum of their cross-entropies: what train's
    /// summary and eval --class-label print, so that both count and render them alike.
    /// </summary>
    internal sealed class ConfusionMatrix
    {
        private readonly long[] _counts;   // [label * Classes + predicted]

        public ConfusionMatrix(int classes)
        {
            Classes = classes;
            _counts = new long[classes * classes];
        }

        public int Classes { get; }

        /// <summary>Predictions counted.</summary>
        public long Total { get; private set; }

        /// <summary>Predictions of their label's class.</summary>
        public long Correct { get; private set; }

        /// <summary>The sum of the counted predictions' losses (the trainer's cross-entropy).</summary>
        public double LossSum { get; private set; }

        public long this[int label, int predicted] => _counts[label * Classes + predicted];

        /// <summary>Counts one prediction: <paramref name="label"/> and <paramref name="predicted"/> in [0, Classes).</summary>
        public void Add(int label, int predicted, float loss)
        {
            _counts[label * Classes + predicted]++;
            Total++;
            if (label == predicted) Correct++;
            LossSum += loss;
        }

        /// <summary>Correct / Total; NaN before the first prediction.</summary>
        public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

        /// <summary>LossSum / Total; NaN before the first prediction.</summary>
        public double MeanLoss => Total == 0 ? double.NaN : LossSum / Total;

        /// <summary>The label counted most often (the smallest of equals): the guess of a model that ignores its inputs.</summary>
        public int MajorityLabel
        {
            get
            {
                int majority = 0;
                for (int label = 1; label < Classes; label++)
                {
                    if (LabelCount(label) > LabelCount(majority)) majority = label;
                }
                return majority;
            }
        }

        /// <summary>Predictions whose label was <paramref name="label"/> (a row's sum).</summary>
        public long LabelCount(int label)
        {
            long count = 0;
            for (int c = 0; c < Classes; c++) count += _counts[label * Classes + c];
            return count;
        }

        /// <summary>The counts as a [label, predicted] array.</summary>
        public long[,] ToArray()
        {
            var matrix = new long[Classes, Classes];
            for (int k = 0; k < _counts.Length; k++) matrix[k / Classes, k % Classes] = _counts[k];
            return matrix;
        }

        /// <summary>The matrix as plain text: a header "label  pred 0 ...", then a row per label.</summary>
        public IEnumerable<string> TableLines()
        {
            var header = new string[Classes + 1];
            var rightAligned = new bool[Classes + 1];
            header[0] = "label";
            rightAligned[0] = true;
            for (int c = 0; c < Classes; c++)
            {
                header[c + 1] = "pred " + c;
                rightAligned[c + 1] = true;
            }
            var table = new TextTable(header, rightAligned);
            for (int label = 0; label < Classes; label++)
            {
                var row = new string[Classes + 1];
                row[0] = label.ToString(CultureInfo.InvariantCulture);
                for (int c = 0; c < Classes; c++) row[c + 1] = this[label, c].ToString(CultureInfo.InvariantCulture);
                table.Add(row);
            }
            return table.PlainLines();
        }
    }
}
