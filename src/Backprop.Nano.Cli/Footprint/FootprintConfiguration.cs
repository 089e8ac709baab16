using System;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Something whose memory grows with its hidden count (a trainer, or a bare network with or without an
    /// optimizer), sized by <see cref="MemoryFootprint"/>: what bpnano footprint lists, and what --budget searches.
    /// </summary>
    public sealed class FootprintConfiguration
    {
        /// <summary>Hidden counts above this are not searched: far beyond any board, and the search stays quick.</summary>
        public const int MaxHidden = 100000;

        private readonly Func<string, string> _describe;
        private readonly Func<int, MemoryFootprint> _footprint;

        private FootprintConfiguration(Func<string, string> describe, Func<int, MemoryFootprint> footprint)
        {
            _describe = describe;
            _footprint = footprint;
        }

        /// <summary>An <see cref="OnlineTrainer"/> with <paramref name="settings"/>, its hidden count varied.</summary>
        public static FootprintConfiguration Trainer(OnlineTrainerSettings settings)
        {
            OnlineTrainerSettings fixedSettings = settings.Clone();
            return new FootprintConfiguration(
                hidden => "OnlineTrainer: " + DescribeReadings(fixedSettings) + " -> network " + fixedSettings.InputCount + "-" + hidden + "-"
                    + fixedSettings.OutputCount + ", momentum " + DecimalText.Format(fixedSettings.Momentum) + ", "
                    + (fixedSettings.ReplayCapacity == 0 ? "no replay" : "replay " + fixedSettings.ReplayPerStep + " per step from " + fixedSettings.ReplayCapacity),
                hidden =>
                {
                    OnlineTrainerSettings sized = fixedSettings.Clone();
                    sized.HiddenCount = hidden;
                    return MemoryFootprint.ForTrainer(sized);
                });
        }

        /// <summary>
        /// A bare <see cref="TwoLayerNetwork"/>: alone, trained by its TrainStep (no optimizer, no gradient buffers), or
        /// with an <see cref="SgdOptimizer"/> (its gradients, and velocities when <paramref name="momentum"/> is not 0).
        /// </summary>
        public static FootprintConfiguration Network(int inputs, int outputs, bool withoutOptimizer, float momentum)
        {
            if (withoutOptimizer && momentum != 0f) throw new ArgumentException("A network without an optimizer has no momentum.", nameof(momentum));
            return new FootprintConfiguration(
                hidden => "network " + inputs + "-" + hidden + "-" + outputs + (withoutOptimizer ? ", TrainStep (no optimizer, no gradients)"
                    : momentum == 0f ? " + SGD" : " + SGD with momentum " + DecimalText.Format(momentum) + " (velocities)"),
                hidden => withoutOptimizer ? MemoryFootprint.ForNetwork(inputs, hidden, outputs) : MemoryFootprint.ForOptimizer(inputs, hidden, outputs, momentum));
        }

        /// <summary>What the configuration is, with <paramref name="hidden"/> hidden units.</summary>
        public string Describe(int hidden)
        {
            return _describe(hidden.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>What the configuration is, its hidden count left open ("8-H-1").</summary>
        public string DescribeAnyHidden()
        {
            return _describe("H");
        }

        /// <summary>The buffers allocated with <paramref name="hidden"/> hidden units.</summary>
        public MemoryFootprint For(int hidden)
        {
            return _footprint(hidden);
        }

        /// <summary>
        /// <see cref="MemoryFootprint.TotalBytes"/> summed in 64 bits: the library sums in int, which wraps above 2 GB.
        /// Each buffer alone stays far below that within the options' limits, so this is exact.
        /// </summary>
        public static long TotalBytes(MemoryFootprint footprint)
        {
            long total = 0;
            for (int k = 0; k < footprint.Count; k++) total += footprint.Bytes(k);
            return total;
        }

        /// <summary>
        /// The largest hidden count, searched upwards from 1, whose estimated total fits <paramref name="budgetBytes"/>;
        /// 0 when not even 1 fits, <see cref="MaxHidden"/> when the search stopped there.
        /// </summary>
        public int LargestHiddenWithin(int budgetBytes)
        {
            // Every buffer grows with the hidden count or stays, so the total only grows: the first miss ends the search.
            int hidden = 0;
            while (hidden < MaxHidden && TotalBytes(For(hidden + 1)) <= budgetBytes) hidden++;
            return hidden;
        }

        /// <summary>"1 channel, self-supervised, window 8" and the like.</summary>
        public static string DescribeReadings(OnlineTrainerSettings settings)
        {
            return settings.ChannelCount + (settings.ChannelCount == 1 ? " channel" : " channels")
                + (settings.TargetChannel < 0 ? ", self-supervised" : ", supervised (target channel " + settings.TargetChannel + ")")
                + ", window " + settings.WindowLength;
        }
    }
}
