using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// One of NAB's application profiles: the weights of a window found (A_TP), of a false alert (A_FP) and of a window
    /// missed (A_FN). The three are NAB's config/profiles.json (Lavin and Ahmad 2015, table 1); a test reads that file.
    /// </summary>
    internal sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight)
    {
        public static readonly NabProfile Standard = new("standard", 1.0, 0.11, 1.0);
        public static readonly NabProfile RewardLowFalsePositives = new("reward_low_FP_rate", 1.0, 0.22, 1.0);
        public static readonly NabProfile RewardLowFalseNegatives = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

        /// <summary>The three, in the order NAB's tables print them.</summary>
        public static readonly IReadOnlyList<NabProfile> All = new[] { Standard, RewardLowFalsePositives, RewardLowFalseNegatives };
    }
}
