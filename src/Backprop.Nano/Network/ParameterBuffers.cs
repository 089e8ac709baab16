namespace Backprop.Nano
{
    /// <summary>
    /// The trainable parameters of an I-H-O network as one list, W1 (H x I), b1 (H), W2 (O x H),
    /// b2 (O), in that order; or anything shaped like them (gradients, velocities, snapshots).
    /// </summary>
    /// <remarks>
    /// One list instead of four names spelled out wherever the parameters are touched, as AIfES
    /// keeps trainable_params and llm.c one params_memory: zeroing, the SGD update, saving and
    /// loading, the trainer's snapshot and the memory footprint are each one loop over it.
    /// The order is the model format's order. Every buffer is allocated here, once.
    /// </remarks>
    public sealed class ParameterBuffers
    {
        /// <summary>Buffers in the list: W1, b1, W2, b2.</summary>
        public const int Count = 4;

        private static readonly string[] Names = { "W1", "b1", "W2", "b2" };
        private readonly float[][] _buffers;

        /// <summary>Allocates the four buffers of an I-H-O network, all zero.</summary>
        public ParameterBuffers(int inputCount, int hiddenCount, int outputCount)
        {
            Check.AtLeastOne(inputCount, "inputCount");
            Check.AtLeastOne(hiddenCount, "hiddenCount");
            Check.AtLeastOne(outputCount, "outputCount");
            InputCount = inputCount;
            HiddenCount = hiddenCount;
            OutputCount = outputCount;
            _buffers = new float[Count][];
            for (int k = 0; k < Count; k++)
            {
                _buffers[k] = new float[LengthOf(k, inputCount, hiddenCount, outputCount)];
            }
        }

        /// <summary>I, the inputs of the network this list is shaped for.</summary>
        public int InputCount { get; }

        /// <summary>H, its hidden units.</summary>
        public int HiddenCount { get; }

        /// <summary>O, its outputs.</summary>
        public int OutputCount { get; }

        /// <summary>Buffer 0: layer-1 weights (or what is shaped like them), H x I, row-major.</summary>
        public float[] W1 => _buffers[0];

        /// <summary>Buffer 1: layer-1 biases, H.</summary>
        public float[] B1 => _buffers[1];

        /// <summary>Buffer 2: layer-2 weights, O x H, row-major.</summary>
        public float[] W2 => _buffers[2];

        /// <summary>Buffer 3: layer-2 biases, O.</summary>
        public float[] B2 => _buffers[3];

        /// <summary>P = H I + H + O H + O, the floats in all four buffers.</summary>
        public int TotalLength => TotalLengthFor(InputCount, HiddenCount, OutputCount);

        /// <summary>Buffer <paramref name="index"/> (0 to <see cref="Count"/> - 1), in the order W1, b1, W2, b2.</summary>
        public float[] Get(int index)
        {
            return _buffers[index];
        }

        /// <summary>"W1", "b1", "W2" or "b2": the notes' name of buffer <paramref name="index"/>.</summary>
        public static string NameOf(int index)
        {
            return Names[index];
        }

        /// <summary>Floats in buffer <paramref name="index"/> of an I-H-O network, known before allocating.</summary>
        public static int LengthOf(int index, int inputCount, int hiddenCount, int outputCount)
        {
            switch (index)
            {
                case 0: return hiddenCount * inputCount;
                case 1: return hiddenCount;
                case 2: return outputCount * hiddenCount;
                case 3: return outputCount;
                default: throw new System.ArgumentOutOfRangeException("index");
            }
        }

        /// <summary>P, the floats in all four buffers of an I-H-O network.</summary>
        public static int TotalLengthFor(int inputCount, int hiddenCount, int outputCount)
        {
            int total = 0;
            for (int k = 0; k < Count; k++) total += LengthOf(k, inputCount, hiddenCount, outputCount);
            return total;
        }

        /// <summary>True when this list is shaped for an I-H-O network.</summary>
        public bool HasShape(int inputCount, int hiddenCount, int outputCount)
        {
            return InputCount == inputCount && HiddenCount == hiddenCount && OutputCount == outputCount;
        }

        /// <summary>Sets every value to zero.</summary>
        public void Clear()
        {
            // Array.Clear is a native call on nanoCLR (no interpreted loop) and a memset on the desktop.
            for (int k = 0; k < Count; k++) System.Array.Clear(_buffers[k], 0, _buffers[k].Length);
        }

        /// <summary>Copies every value of <paramref name="source"/>, which must have the same shape.</summary>
        public void CopyFrom(ParameterBuffers source)
        {
            RequireSameShape(source, "source");
            for (int k = 0; k < Count; k++) System.Array.Copy(source._buffers[k], _buffers[k], _buffers[k].Length);
        }

        /// <summary>True when no value is NaN or infinite.</summary>
        public bool AllFinite()
        {
            for (int k = 0; k < Count; k++)
            {
                float[] buffer = _buffers[k];
                for (int i = 0; i < buffer.Length; i++)
                {
                    if (!FloatMath.IsFinite(buffer[i])) return false;
                }
            }
            return true;
        }

        internal void RequireSameShape(ParameterBuffers other, string name)
        {
            Check.NotNull(other, name);
            if (!other.HasShape(InputCount, HiddenCount, OutputCount))
            {
                throw new System.ArgumentException(name + " is shaped for a " + other.InputCount + "-" + other.HiddenCount + "-"
                    + other.OutputCount + " network, not " + InputCount + "-" + HiddenCount + "-" + OutputCount + ".", name);
            }
        }
    }
}
