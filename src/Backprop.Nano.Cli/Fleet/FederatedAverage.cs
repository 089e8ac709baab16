using System;
using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// One round of federated averaging (McMahan et al. 2017, FedAvg): w = sum_k n_k w_k / sum_k n_k over the boards k that
    /// sent a model this round, n_k the samples board k trained on since it took the last global model. A board that sends
    /// twice in a round counts once, with its latest model. Sums are taken in double, so a thousand boards' rounding does
    /// not add up in float.
    /// </summary>
    internal sealed class FederatedAverage
    {
        private readonly int _parameterCount;
        private readonly Dictionary<string, Contribution> _round = new Dictionary<string, Contribution>(StringComparer.Ordinal);
        // Arrays of boards from earlier rounds, reused: a round of a thousand boards allocates nothing once warm.
        private readonly Stack<float[]> _free = new Stack<float[]>();
        private readonly double[] _sum;

        public FederatedAverage(int parameterCount)
        {
            _parameterCount = parameterCount;
            _sum = new double[parameterCount];
        }

        /// <summary>Boards with a model in this round.</summary>
        public int Count => _round.Count;

        /// <summary>
        /// Takes <paramref name="device"/>'s model for this round (its parameters are copied), replacing the one it sent
        /// earlier in the round; true when it replaced one.
        /// </summary>
        public bool Put(string device, ParameterBuffers parameters, long samples)
        {
            bool replaced = _round.TryGetValue(device, out Contribution contribution);
            if (!replaced)
            {
                contribution = new Contribution { Parameters = _free.Count > 0 ? _free.Pop() : new float[_parameterCount] };
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
        /// Writes the weighted average into <paramref name="global"/>, starts the next round, and returns the samples averaged.
        /// When no board reports a sample (all n_k = 0), every model counts the same.
        /// </summary>
        public long Close(ParameterBuffers global)
        {
            if (_round.Count == 0) throw new InvalidOperationException("No model in this round.");
            long total = 0;
            foreach (Contribution contribution in _round.Values) total += contribution.Samples;
            Array.Clear(_sum);
            foreach (Contribution contribution in _round.Values)
            {
                double weight = total > 0 ? contribution.Samples : 1;
                float[] w = contribution.Parameters;
                for (int i = 0; i < w.Length; i++) _sum[i] += weight * w[i];
            }
            double divisor = total > 0 ? total : _round.Count;
            int position = 0;
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                float[] buffer = global.Get(k);
                for (int i = 0; i < buffer.Length; i++) buffer[i] = (float)(_sum[position + i] / divisor);
                position += buffer.Length;
            }
            foreach (Contribution contribution in _round.Values) _free.Push(contribution.Parameters);
            _round.Clear();
            return total;
        }

        private sealed class Contribution
        {
            public float[] Parameters;
            public long Samples;
        }
    }
}
