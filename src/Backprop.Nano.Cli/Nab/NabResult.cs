using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// A series scored under one profile. <see cref="Raw"/> is NAB's raw score; <see cref="Normalized"/> puts it between the
    /// null detector (0: no detection, every window missed) and the perfect one (100: every window found at its first row).
    /// The row counts are NAB's own (results/*_scores.csv): rows after the probation period, detected or not, inside a window or not.
    /// </summary>
    internal sealed record NabResult(
        NabProfile Profile,
        double Raw,
        double Null,
        double Perfect,
        int Windows,
        int WindowsHit,
        int FalsePositives,
        IReadOnlyList<int> Delays,
        int TruePositiveRows,
        int TrueNegativeRows,
        int FalsePositiveRows,
        int FalseNegativeRows)
    {
        /// <summary>100 (Raw - Null) / (Perfect - Null); 0 for a series without a window after its probation period (nothing to find).</summary>
        public double Normalized => Perfect == Null ? 0 : 100 * (Raw - Null) / (Perfect - Null);
    }
}
