using System;
using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// One round of federated averaging (McMahan et al. 2017, FedAvg), made robust to a minority of hostile boards:
    /// w_i = sum_k n_k w_k,i / sum_k n_k over the boards k that sent a model this round, n_k the samples board k trained on
    /// since it took the last global model, with two defences. Each n_k is capped at CapFactor times the round's median
    /// (lower median): a board that claims 4294967295 samples weighs no more than four typical boards. And with three boards
    /// or more, each coordinate i drops the Trim(K) smallest and largest w_k,i before averaging (the coordinate-wise trimmed
    /// mean of Yin et al. 2018), so one board's 1e6 weights, or a bias pushed 0.3 off, never reach the global model while a
    /// board in the middle keeps its say. A board that sends twice in a round counts once, with its latest model. Sums are
    /// taken in double, so a thousand boards' rounding does not add up in float.
    /// </summary>
    internal sealed class FederatedAverage
    {
        /// <summary>The most a board's n_k may exceed the round's median n_k by, as a factor.</summary>
        public const int CapFactor = 4;

        private readonly int _parameterCount;
        private readonly Dictionary<string, Contribution> _round = new Dictionary<string, Contribution>(StringComparer.Ordinal);
        // Arrays of boards from earlier rounds, reused: a round of a thousand boards allocates nothing once warm.
        private readonly Stack<float[]> _free = new Stack<float[]>();
        private readonly List<Contribution> _boards = new List<Contribution>();
        private readonly List<string> _capped = new List<string>();
        private readonly List<string> _devices = new List<string>();
        private double[] _values = new double[0], _weights = new double[0];

        public FederatedAverage(int parameterCount)
        {
            _parameterCount = parameterCount;
        }

        /// <summary>Boards with a model in this round.</summary>
        public int Count => _round.Count;

        /// <summary>The boards whose n_k the last Close capped.</summary>
        public IReadOnlyList<string> LastCapped => _capped;

        /// <summary>The boards averaged by the last Close.</summary>
        public IReadOnlyList<string> LastDevices => _devices;

        /// <summary>Models dropped from each end of every coordinate in a round of <paramref name="boards"/>: none below 3, then a fifth, at least 1.</summary>
        public static int Trim(int boards) => boards < 3 ? 0 : Math.Max(1, boards / 5);

        /// <summary>
        /// Takes <paramref name="device"/>'s model for this round (its parameters are copied), replacing the one it sent
        /// earlier in the round; true when it replaced one.
        /// </summary>
        public bool Put(string device, ParameterBuffers parameters, long samples)
        {
            bool replaced = _round.TryGetValue(device, out Contribution contribution);
            if (!replaced)
            {
                contribution = new Contribution { Device = device, Parameters = _free.Count > 0 ? _free.Pop() : new float[_parameterCount] };
                _round.Add(device, contribution);
            }
            int position = 0;
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                float[] buffer = parameters.Get(k);
                Array.Copy(buffer, 0, contribution.Parameters, position, buffer.Length);
                position += buffer.Length;
            }
            contribution.Samples = samples;
            return replaced;
        }

        /// <summary>
        /// Writes the robust average into <paramref name="global"/>, starts the next round, and returns the samples averaged
        /// (after the cap). When no board reports a sample (all n_k = 0), every model counts the same.
        /// </summary>
        public long Close(ParameterBuffers global)
        {
            if (_round.Count == 0) throw new InvalidOperationException("No model in this round.");
            _boards.Clear();
            _boards.AddRange(_round.Values);
            int count = _boards.Count;
            if (_values.Length < count)
            {
                _values = new double[count];
                _weights = new double[count];
            }
            long cap = CapFactor * MedianSamples();
            long total = 0;
            _capped.Clear();
            _devices.Clear();
            foreach (Contribution contribution in _boards)
            {
                _devices.Add(contribution.Device);
                contribution.Weight = Math.Min(contribution.Samples, cap);
                if (contribution.Weight < contribution.Samples) _capped.Add(contribution.Device);
                total += contribution.Weight;
            }
            int trim = Trim(count);
            int position = 0;
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                float[] buffer = global.Get(k);
                for (int i = 0; i < buffer.Length; i++) buffer[i] = Coordinate(position + i, count, trim, total > 0);
                position += buffer.Length;
            }
            foreach (Contribution contribution in _boards) _free.Push(contribution.Parameters);
            _round.Clear();
            return total;
        }

        // The weighted mean of coordinate i over the boards left after trimming its smallest and largest values.
        private float Coordinate(int i, int count, int trim, bool weighted)
        {
            for (int b = 0; b < count; b++)
            {
                _values[b] = _boards[b].Parameters[i];
                _weights[b] = weighted ? _boards[b].Weight : 1;
            }
            if (trim > 0) Array.Sort(_values, _weights, 0, count);
            double sum = 0, weights = 0;
            for (int b = trim; b < count - trim; b++)
            {
                sum += _weights[b] * _values[b];
                weights += _weights[b];
            }
            // The kept boards may all have counted no sample: then they count alike.
            if (weights == 0)
            {
                for (int b = trim; b < count - trim; b++) sum += _values[b];
                weights = count - 2 * trim;
            }
            return (float)(sum / weights);
        }

        // The lower median of the round's n_k (for two boards the smaller: the larger cannot vouch for itself).
        private long MedianSamples()
        {
            int count = _boards.Count;
            for (int b = 0; b < count; b++) _values[b] = _boards[b].Samples;
            Array.Sort(_values, 0, count);
            return (long)_values[(count - 1) / 2];
        }

        private sealed class Contribution
        {
            public string Device;
            public float[] Parameters;
            public long Samples, Weight;
        }
    }
}
