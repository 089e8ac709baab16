using System;

namespace Backprop.Nano.Cli
{
    /// <summary>A summary of one parameter buffer: enough to spot dead, saturated or exploding weights at a glance.</summary>
    /// <param name="Name">The buffer's name (W1, b1, W2, b2).</param>
    /// <param name="Count">Values in the buffer.</param>
    /// <param name="Min">Smallest value.</param>
    /// <param name="Max">Largest value.</param>
    /// <param name="Mean">Arithmetic mean.</param>
    /// <param name="Rms">Root mean square: sqrt(sum v^2 / Count).</param>
    /// <param name="Norm">Euclidean (L2) norm: sqrt(sum v^2).</param>
    public sealed record BufferStatistics(string Name, int Count, double Min, double Max, double Mean, double Rms, double Norm)
    {
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
