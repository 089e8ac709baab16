using System;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>
    /// An exact allocation count beside BenchmarkDotNet's: bytes allocated on this thread over many
    /// rounds after a warm-up. MemoryDiagnoser counts every thread of the process
    /// (GC.GetTotalAllocatedBytes), so in the in-process --quick job a runtime or harness thread can
    /// show up as a byte or two per operation; this count sees only the benchmarked code.
    /// </summary>
    public static class AllocationCheck
    {
        public const int WarmupRounds = 300;
        public const int MeasuredRounds = 100;

        /// <summary>Bytes allocated per sample (exactly: total bytes / samples).</summary>
        public static double BytesPerOperation(Shape shape, Operation operation)
        {
            Runner runner = Workload.CreateRunner(shape, operation);
            for (int round = 0; round < WarmupRounds; round++) runner.Round();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 0; round < MeasuredRounds; round++) runner.Round();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return (double)allocated / ((long)MeasuredRounds * Workload.SampleCount);
        }
    }
}
