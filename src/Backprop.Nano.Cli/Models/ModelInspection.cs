using System;
using System.Collections.Generic;
using System.Globalization;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// What bpnano inspect reads from a model file: the verdict of <see cref="ModelFormat.Validate"/>, the header's
    /// fields, and for a valid model the standardizer and a summary of each weight buffer. For an invalid file it
    /// still shows what the bytes say (magic, version, header), marked unchecked, to help tell a truncated copy
    /// from a foreign file.
    /// </summary>
    public sealed class ModelInspection
    {
        private readonly List<KeyValuePair<string, string>> _fields = new List<KeyValuePair<string, string>>();
        private readonly List<BufferStatistics> _buffers = new List<BufferStatistics>();

        private ModelInspection(string path)
        {
            Path = path;
        }

        /// <summary>The file inspected.</summary>
        public string Path { get; }

        /// <summary>Why the model is not valid (ModelFormatException's message); null when it is.</summary>
        public string Error { get; private set; }

        /// <summary>The header; only meaningful when <see cref="Error"/> is null.</summary>
        public ModelHeader Header { get; private set; }

        /// <summary>Label and value of each fact, in the order shown.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

        /// <summary>W1, b1, W2, b2 of a valid model; empty otherwise.</summary>
        public IReadOnlyList<BufferStatistics> Buffers => _buffers;

        /// <summary>Inspects <paramref name="bytes"/>, the content of <paramref name="path"/>.</summary>
        public static ModelInspection Of(string path, byte[] bytes)
        {
            var inspection = new ModelInspection(path);
            inspection.Add("file", path);
            try
            {
                inspection.Header = ModelFormat.Validate(bytes, 0, bytes.Length);
            }
            catch (ModelFormatException e)
            {
                inspection.Error = e.Message;
            }
            if (inspection.Error == null) inspection.DescribeValid(bytes);
            else inspection.DescribeInvalid(bytes);
            return inspection;
        }

        private void DescribeValid(byte[] bytes)
        {
            ModelHeader header = Header;
            int trailing = bytes.Length - header.Size;
            Add("size", bytes.Length + " bytes" + (trailing > 0 ? " (the model's " + header.Size + ", then " + trailing + " bytes ignored)" : ""));
            Add("status", "OK (magic, version, CRC-32 and finite values checked)");
            Add("version", Text(header.Version));
            Add("shape", header.InputCount + "-" + header.HiddenCount + "-" + header.OutputCount + " (inputs-hidden-outputs)");
            Add("activations", "hidden " + header.HiddenActivation + ", output " + header.OutputActivation);
            Add("loss", LossText(header.LossFunction));
            Add("step", Text(header.Step));
            Add("sequence", Text(header.Sequence));
            Add("outputs", header.PredictsChange ? "the change since the last reading" : "the reading (or the class)");
            Add("velocities", header.HasVelocities ? "stored" : "not stored");

            // Loading into a fresh network reuses the library's layout instead of a copy of it; an Adam optimizer
            // (its betas do not matter: the file holds its powers) takes the moments when they are stored.
            var network = new TwoLayerNetwork(header.InputCount, header.HiddenCount, header.OutputCount, header.HiddenActivation,
                header.OutputActivation, header.LossFunction);
            OnlineStandardizer standardizer = header.StandardizerChannels > 0 ? new OnlineStandardizer(header.StandardizerChannels) : null;
            AdamOptimizer adam = header.HasAdamMoments ? new AdamOptimizer(network, AdamOptimizer.DefaultLearningRate, AdamOptimizer.DefaultBeta1,
                AdamOptimizer.DefaultBeta2, AdamOptimizer.DefaultEpsilon, 1) : null;
            TrainerState state = standardizer != null ? new TrainerState(standardizer.ChannelCount) { PredictsChange = header.PredictsChange } : null;
            ModelFormat.Load(bytes, 0, bytes.Length, network, adam, standardizer, state);
            Add("adam moments", adam == null ? "not stored"
                : "stored (m, v; beta1^t " + DecimalText.Format(adam.Beta1Power) + ", beta2^t " + DecimalText.Format(adam.Beta2Power) + ")");
            if (standardizer == null)
            {
                Add("standardizer", "not stored");
            }
            else
            {
                Add("standardizer", Channels(standardizer.ChannelCount) + ", " + standardizer.SampleCount + " samples");
                for (int c = 0; c < standardizer.ChannelCount; c++)
                {
                    Add("channel " + c, "mean " + DecimalText.Format(standardizer.Mean[c]) + ", sd " + DecimalText.Format((float)Math.Sqrt(standardizer.Variance(c))));
                }
            }
            Add("detector", state == null || !state.HasDetector ? "not stored (a resumed trainer starts its anomaly score afresh)" : DetectorText(state));
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                _buffers.Add(BufferStatistics.Of(ParameterBuffers.NameOf(k), network.Parameters.Get(k)));
            }
        }

        // The same fields as a valid model's, as the library reads them (ModelFormat.ReadStoredHeader) without
        // trusting them, as far as the file reaches.
        private void DescribeInvalid(byte[] bytes)
        {
            Add("size", bytes.Length + " bytes");
            Add("status", "INVALID: " + Error);
            StoredHeader stored = ModelFormat.ReadStoredHeader(bytes, 0, bytes.Length);
            if (stored.BytesPresent < 4) return;
            Add("magic", "0x" + Hex(stored.Magic, "X8")
                + (stored.Magic == ModelFormat.Magic ? " (BPNN)" : " (not 0x" + Hex(ModelFormat.Magic, "X8") + ", BPNN)"));
            if (stored.BytesPresent < 8) return;
            Add("version", Text(stored.Version) + ", flags 0x" + Hex(stored.Flags, "X")
                + ((stored.Flags & 1) != 0 ? " velocities" : "") + ((stored.Flags & 2) != 0 ? " standardizer" : "")
                + ((stored.Flags & 4) != 0 ? " adam-moments" : "") + ((stored.Flags & 8) != 0 ? " detector" : "") + " (unchecked)");
            if (stored.BytesPresent < ModelFormat.HeaderBytes) return;
            Add("shape", stored.InputCount + "-" + stored.HiddenCount + "-" + stored.OutputCount + " (inputs-hidden-outputs, unchecked)");
            Add("activations", "hidden " + ActivationName(stored.Activations & 0xFF) + ", output " + ActivationName((stored.Activations >> 8) & 0xFF)
                + " (unchecked)");
            Add("loss", LossName((stored.Activations >> 16) & 0xFF) + " (unchecked)");
            Add("step", Text(stored.Step) + " (unchecked)");
            Add("sequence", Text(stored.Sequence) + " (unchecked)");
            Add("standardizer", Channels(stored.StandardizerChannels) + ", " + Text(stored.StandardizerSampleCount) + " samples (unchecked)");
            long expected = ModelFormat.DeclaredSize(stored);
            if (expected > 0) Add("expected size", Text(expected) + " bytes, from this header");
        }

        private static string DetectorText(TrainerState state)
        {
            var drift = new System.Text.StringBuilder();
            for (int c = 0; c < state.ChannelCount; c++)
            {
                drift.Append(c == 0 ? "" : "; ").Append(DecimalText.Format(state.DriftHigh[c])).Append('/').Append(DecimalText.Format(state.DriftLow[c]));
            }
            return state.ScoredLosses + " losses scored (counted up to the score's warm-up), typical loss " + DecimalText.Format(state.LossLevel) + ", spread "
                + DecimalText.Format(state.LossSpread) + ", drift sums S+/S- " + drift;
        }

        private void Add(string label, string value) => _fields.Add(new KeyValuePair<string, string>(label, value));

        private static string Hex(uint value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

        private static string ActivationName(uint code) =>
            Enum.IsDefined(typeof(Activation), (int)code) ? ((Activation)code).ToString() : "unknown (" + code + ")";

        private static string LossName(uint code) =>
            Enum.IsDefined(typeof(LossFunction), (int)code) ? LossText((LossFunction)code) : "unknown (" + code + ")";

        // The formula too: which cross-entropy depends on the output activation shown above it.
        private static string LossText(LossFunction lossFunction) =>
            lossFunction == LossFunction.CrossEntropy
                ? "CrossEntropy (softmax: -sum d log y; sigmoid: binary, per output)"
                : "SquaredError (1/2 sum (y - d)^2)";

        private static string Channels(long count) => count + (count == 1 ? " channel" : " channels");

        private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
