namespace Backprop.Nano
{
    /// <summary>
    /// The network shapes (inputs-hidden-outputs) that the desktop benchmarks, the firmware's start-up benchmark
    /// (<see cref="DeviceBenchmark"/>) and <c>bpnano footprint --table</c> measure, listed once so that their
    /// figures compare shape for shape.
    /// </summary>
    public static class BenchmarkShapes
    {
        // Flat triples: nanoFramework has no tuples and no generic lists.
        private static readonly int[] Sizes = { 2, 10, 1, 8, 32, 4, 16, 64, 8, 32, 128, 8 };

        /// <summary>Number of shapes.</summary>
        public static int Count => Sizes.Length / 3;

        /// <summary>Inputs of shape <paramref name="shape"/> (0 to Count - 1).</summary>
        public static int InputCount(int shape) => Sizes[3 * shape];

        /// <summary>Hidden units of shape <paramref name="shape"/>.</summary>
        public static int HiddenCount(int shape) => Sizes[3 * shape + 1];

        /// <summary>Outputs of shape <paramref name="shape"/>.</summary>
        public static int OutputCount(int shape) => Sizes[3 * shape + 2];
    }
}
