using System;

namespace Backprop.Nano.Cli
{
    /// <summary>A summary of one parameter buffer: enough to spot dead, saturated or exploding weights at a glance.</summary>
    public sealed class BufferStatistics
    {
        private BufferStatistics(string name, int count, double min, double max, double mean, double rms, double norm)
        {
            Name = name;
            Count = count;
            Min = min;
            Max = max;
            Mean = mean;
            Rms = rms;
            Norm = norm;
        }

        /// <summary>The buffer's name (W1, b1, W2, b2).</summary>
        public string Name { get; }

        /// <summary>Values in the buffer.</summary>
        public int Count { get; }

        /// <summary>Smallest value.</summary>
        public double Min { get; }

        /// <summary>Largest value.</summary>
        public double Max { get; }

        /// <summary>Arithmetic mean.</summary>
        public double Mean { get; }

        /// <summary>Root mean square: sqrt(sum v^2 / Count).</summary>
        public double Rms { get; }

        /// <summary>Euclidean (L2) norm: sqrt(sum v^2).</summary>
        public double Norm { get; }

        /// <summary>The statistics of <paramref name="values"/> (at least one), summed in double so that large buffers lose nothing.</summary>
        public static BufferStatistics Of(string name, float[] values)
        {
            if (values == null || values.Length == 0) throw new ArgumentException("A buffer needs at least one value.", nameof(values));
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumOfSquares = 0;
            foreach (float value in values)
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                sum += value;
                sumOfSquares += (double)value * value;
            }
            return new BufferStatistics(name, values.Length, min, max, sum / values.Length, Math.Sqrt(sumOfSquares / values.Length), Math.Sqrt(sumOfSquares));
        }
    }
}
