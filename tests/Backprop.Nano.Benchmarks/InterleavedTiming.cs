using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>One case of the interleaved A/B timing: ns per sample of each side, per block.</summary>
    public sealed record InterleavedResult(string Shape, string Operation, double[] CSharp, double[] C, bool Finite)
    {
        /// <summary>The median over the blocks of (C# block / C block next to it): what a load shared by both sides cancels out of.</summary>
        public double MedianRatio => Median(CSharp.Zip(C, (a, b) => a / b).ToArray());

        /// <summary>Fastest C# block over fastest C block.</summary>
        public double FastestRatio => CSharp.Min() / C.Min();

        public static double Median(double[] values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        }
    }

    /// <summary>
    /// C and C# in one process, alternating short blocks (a few ms of C rounds, then as many ms of
    /// C# rounds, the order swapped every block): the C baseline runs from native/backprop.c built as
    /// a shared library, on its own copy of the same network and samples. Both are timed by the
    /// thread's CPU time, so time the thread spends descheduled counts for neither; and on a shared
    /// machine whose load changes from second to second, the ratio of neighbouring blocks is far
    /// steadier than timings taken minutes or even seconds apart.
    /// </summary>
    public static unsafe class InterleavedTiming
    {
        public static List<InterleavedResult> Run(NativeBaseline baseline, IEnumerable<Shape> shapes, int blocks, double msPerBlock)
        {
            IntPtr library = NativeLibrary.Load(baseline.SharedLibrary);
            try
            {
                var load = (delegate* unmanaged<byte*, int>)NativeLibrary.GetExport(library, "bp_load");
                var create = (delegate* unmanaged<int, byte*, IntPtr>)NativeLibrary.GetExport(library, "bp_create");
                var rounds = (delegate* unmanaged<IntPtr, nint, float>)NativeLibrary.GetExport(library, "bp_rounds");
                var finite = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, "bp_finite");
                var release = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(library, "bp_free");
                s_threadCpuNs = (delegate* unmanaged<double>)NativeLibrary.GetExport(library, "bp_thread_cpu_ns");
                fixed (byte* path = Utf8(baseline.DataFile)) load(path);

                var results = new List<InterleavedResult>();
                foreach (Shape shape in shapes)
                {
                    foreach (Operation operation in Enum.GetValues<Operation>())
                    {
                        Runner runner = Workload.CreateRunner(shape, operation);
                        IntPtr context;
                        fixed (byte* name = Utf8(operation.ToString())) context = create(Array.IndexOf(Shape.All.Select(s => s.Name).ToArray(), shape.Name), name);
                        if (context == IntPtr.Zero) throw new InvalidOperationException("the C library has no case " + shape.Name + " " + operation);
                        try
                        {
                            IntPtr c = context;
                            IntPtr roundsExport = (IntPtr)rounds;
                            results.Add(Time(shape, operation, runner, n => ((delegate* unmanaged<IntPtr, nint, float>)roundsExport)(c, n),
                                blocks, msPerBlock));
                            results[^1] = results[^1] with { Finite = results[^1].Finite && finite(context) != 0 };
                        }
                        finally
                        {
                            release(context);
                        }
                    }
                }
                return results;
            }
            finally
            {
                NativeLibrary.Free(library);
            }
        }

        private static InterleavedResult Time(Shape shape, Operation operation, Runner runner, Func<int, float> cRounds, int blocks, double msPerBlock)
        {
            Func<int, float> csharpRounds = n =>
            {
                float sum = 0f;
                for (int r = 0; r < n; r++) sum += runner.Round();
                return sum;
            };
            // Warm-up long enough for tiered compilation to reach its final code, then calibrate the rounds per block.
            var warm = Stopwatch.StartNew();
            float sink = 0f;
            while (warm.ElapsedMilliseconds < 400) { sink += csharpRounds(1); sink += cRounds(1); }
            int roundsPerBlock = 1;
            while (BlockSeconds(csharpRounds, roundsPerBlock) * 1000 < msPerBlock && roundsPerBlock < 1 << 20) roundsPerBlock *= 2;

            var csharp = new double[blocks];
            var c = new double[blocks];
            double samples = (double)roundsPerBlock * Workload.SampleCount;
            for (int b = 0; b < blocks; b++)
            {
                if (b % 2 == 0)
                {
                    c[b] = BlockSeconds(cRounds, roundsPerBlock) * 1e9 / samples;
                    csharp[b] = BlockSeconds(csharpRounds, roundsPerBlock) * 1e9 / samples;
                }
                else
                {
                    csharp[b] = BlockSeconds(csharpRounds, roundsPerBlock) * 1e9 / samples;
                    c[b] = BlockSeconds(cRounds, roundsPerBlock) * 1e9 / samples;
                }
            }
            GC.KeepAlive(sink);
            return new InterleavedResult(shape.Name, operation.ToString(), csharp, c, Workload.IsFinite(runner.Network));
        }

        // The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): time spent descheduled by other processes counts for neither side.
        private static delegate* unmanaged<double> s_threadCpuNs;

        private static double BlockSeconds(Func<int, float> rounds, int count)
        {
            double start = s_threadCpuNs();
            float sum = rounds(count);
            double end = s_threadCpuNs();
            GC.KeepAlive(sum);
            return (end - start) * 1e-9;
        }

        private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\0");
    }
}
