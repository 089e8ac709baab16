using System;
using System.Collections.Generic;
using System.Text;

namespace Backprop.Nano.Cli
{
    /// <summary>A one-line chart from block characters, for the live views.</summary>
    internal static class Sparkline
    {
        private const string Levels = "▁▂▃▄▅▆▇█";

        /// <summary>
        /// <paramref name="values"/> squeezed into at most <paramref name="width"/> characters (each the mean of
        /// its share of the values), scaled from their minimum to their maximum; log10 scale when
        /// <paramref name="logScale"/>. Values that cannot be drawn (not finite, or not positive on a log
        /// scale) are blanks.
        /// </summary>
        public static string Render(IReadOnlyList<double> values, int width, bool logScale)
        {
            int columns = Math.Min(width, values.Count);
            var levels = new double[columns];
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int column = 0; column < columns; column++)
            {
                int from = (int)((long)column * values.Count / columns), to = (int)((long)(column + 1) * values.Count / columns);
                double sum = 0;
                int count = 0;
                for (int k = from; k < to; k++)
                {
                    double value = logScale ? Math.Log10(values[k]) : values[k];
                    if (double.IsFinite(value)) { sum += value; count++; }
                }
                levels[column] = count > 0 ? sum / count : double.NaN;
                if (count > 0) { min = Math.Min(min, levels[column]); max = Math.Max(max, levels[column]); }
            }
            var text = new StringBuilder(columns);
            foreach (double level in levels)
            {
                if (double.IsNaN(level)) text.Append(' ');
                else if (max - min < 1e-12) text.Append(Levels[Levels.Length / 2]);
                else text.Append(Levels[(int)Math.Round((level - min) / (max - min) * (Levels.Length - 1))]);
            }
            return text.ToString();
        }
    }
}
