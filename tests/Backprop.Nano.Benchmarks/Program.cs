using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>
    /// dotnet run -c Release --project tests/Backprop.Nano.Benchmarks [-- [--quick] [--no-native]
    ///   [--shapes 2-10-1,8-32-4] [--verify-steps N]]
    /// Checks that C and C# agree bit for bit, runs the BenchmarkDotNet benchmarks with the C baseline
    /// of each case timed right before and after it (see NativeInterleaver), and prints one table
    /// of C# ns/op, C ns/op and C#/C per shape and operation. Exit code 1 when a benchmark failed or
    /// allocated, weights stopped being finite, or C and C# disagree.
    /// </summary>
    public static class Program
    {
        /// <summary>The goals: TrainStep within 10% of the single-function C loop (issue 8), the rest within 25% (issue "Speed and memory").</summary>
        public static double RatioGoal(Operation operation) => operation == Operation.TrainStep ? 1.10 : 1.25;

        /// <summary>Rows noisier than this are marked: their ratio is not to be trusted.</summary>
        public const double NoiseLimit = 0.10;

        private const string Usage =
            "usage: dotnet run -c Release --project tests/Backprop.Nano.Benchmarks -- [--quick] [--no-native] [--interleaved-only] [--shapes 2-10-1,8-32-4] [--verify-steps N]";

        public static int Main(string[] args)
        {
            bool quick = false, noNative = false, interleavedOnly = false;
            long verifySteps = -1;
            List<Shape> shapes = Shape.All.ToList();
            for (int a = 0; a < args.Length; a++)
            {
                switch (args[a])
                {
                    case "--quick": quick = true; break;
                    case "--no-native": noNative = true; break;
                    case "--interleaved-only": interleavedOnly = true; break;
                    case "--verify-steps" when a + 1 < args.Length:
                        verifySteps = long.Parse(args[++a], CultureInfo.InvariantCulture);
                        break;
                    case "--shapes" when a + 1 < args.Length:
                        var wanted = args[++a].Split(',');
                        shapes = Shape.All.Where(s => wanted.Contains(s.Name)).ToList();
                        if (shapes.Count != wanted.Length)
                        {
                            Console.Error.WriteLine("unknown shape in " + args[a] + "; the shapes are " + string.Join(",", Shape.All.Select(s => s.Name)));
                            return 2;
                        }
                        break;
                    default:
                        Console.Error.WriteLine(Usage);
                        return 2;
                }
            }
            if (verifySteps < 0) verifySteps = quick ? 20_000 : 200_000;

            var clock = Stopwatch.StartNew();
            bool ok = true;
            Console.WriteLine($"Backprop.Nano benchmarks, {(quick ? "--quick: short in-process BenchmarkDotNet job" : "full: BenchmarkDotNet default job")}");
            Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores");

            // The C baseline: compile, check that it computes the same bits.
            NativeBaseline baseline = null;
            List<Agreement> agreements = null;
            if (!noNative)
            {
                baseline = NativeBaseline.Locate();
                if (baseline.TryCompile(out string problem))
                {
                    Console.WriteLine($"C baseline: {baseline.CompilerVersion}; gcc {NativeBaseline.CompilerFlags}; {baseline.Executable}");
                    baseline.WriteDataFile();
                    agreements = baseline.Verify(verifySteps);
                    ok &= PrintAgreement(agreements);
                }
                else
                {
                    Console.WriteLine("C baseline skipped: " + problem);
                    baseline = null;
                }
            }

            if (interleavedOnly)
            {
                if (baseline == null) { Console.WriteLine("FAILED: --interleaved-only needs the C baseline"); return 1; }
                ok &= RunInterleaved(baseline, shapes, quick);
                Console.WriteLine($"Total time: {clock.Elapsed.TotalSeconds:F1} s");
                return ok ? 0 : 1;
            }

            // Exact allocation count on this thread (see AllocationCheck).
            var exactBytes = new Dictionary<(string, string), double>();
            foreach (Shape shape in shapes)
            {
                foreach (Operation operation in Enum.GetValues<Operation>())
                {
                    exactBytes[(shape.Name, operation.ToString())] = AllocationCheck.BytesPerOperation(shape, operation);
                }
            }

            // BenchmarkDotNet, with the C baseline of each case timed right before and after it.
            string artifacts = Path.Combine(Path.GetTempPath(), "backprop-nano-benchmarks");
            Directory.CreateDirectory(artifacts);
            string stepLog = Path.Combine(artifacts, "steps-" + Environment.ProcessId + ".log");
            File.Delete(stepLog);
            Environment.SetEnvironmentVariable(StepLog.Variable, stepLog);
            ManualConfig config = CreateConfig(quick, artifacts);
            NativeInterleaver interleaver = null;
            if (baseline != null)
            {
                interleaver = quick ? new NativeInterleaver(baseline, 20, 4) : new NativeInterleaver(baseline, 100, 8);
                config.AddEventProcessor(interleaver);
            }
            BenchmarkRunInfo all = BenchmarkConverter.TypeToBenchmarks(typeof(NetworkBenchmarks), config);
            BenchmarkCase[] cases = all.BenchmarksCases.Where(c => shapes.Any(s => s.Name == (string)c.Parameters["Shape"])).ToArray();
            Summary summary = BenchmarkRunner.Run(new BenchmarkRunInfo(cases, all.Type, all.Config));
            List<BenchmarkReport> reports = summary.Reports.ToList();
            if (summary.HasCriticalValidationErrors || reports.Count < cases.Length)
            {
                Console.WriteLine("FAILED: BenchmarkDotNet ran " + reports.Count + " of " + cases.Length
                    + " benchmarks (see its validation errors above; a Debug build? use dotnet run -c Release).");
                ok = false;
            }
            List<NativeResult> native = interleaver?.Results ?? new List<NativeResult>();

            ok &= PrintTable(shapes, reports, native, exactBytes, StepLog.Read(stepLog), quick);
            File.Delete(stepLog);
            if (baseline != null) ok &= RunInterleaved(baseline, shapes, quick);
            Console.WriteLine($"Total time: {clock.Elapsed.TotalSeconds:F1} s");
            return ok ? 0 : 1;
        }

        /// <summary>
        /// Full: BenchmarkDotNet's default job (a process per case; pilot, warm-up, at least 15 iterations)
        /// with 250 ms iterations and at most 40 of them, so that a noisy machine cannot stretch the run
        /// past ten minutes. Quick: in process, 6 warm-up and 7 measured iterations of 40 ms per case.
        /// </summary>
        public static ManualConfig CreateConfig(bool quick, string artifacts)
        {
            ManualConfig config = ManualConfig.Create(DefaultConfig.Instance)
                .AddDiagnoser(MemoryDiagnoser.Default)
                .WithArtifactsPath(artifacts);
            Job job = quick
                ? Job.Default
                    .WithToolchain(InProcessEmitToolchain.Instance)
                    .WithLaunchCount(1)
                    .WithWarmupCount(6)
                    .WithIterationCount(7)
                    .WithIterationTime(TimeInterval.FromMilliseconds(40))
                    .WithId("Quick")
                : Job.Default
                    .WithIterationTime(TimeInterval.FromMilliseconds(250))
                    .WithMinIterationCount(15)
                    .WithMaxIterationCount(40)
                    .WithId("Full");
            return config.AddJob(job);
        }

        /// <summary>
        /// The interleaved A/B timing (see InterleavedTiming): blocks of C and C# alternating in this process;
        /// the ratio is the median over the blocks of C# block / neighbouring C block.
        /// </summary>
        private static bool RunInterleaved(NativeBaseline baseline, List<Shape> shapes, bool quick)
        {
            int blocks = quick ? 40 : 150;
            double msPerBlock = quick ? 2 : 4;
            List<InterleavedResult> results = InterleavedTiming.Run(baseline, shapes, blocks, msPerBlock);
            Console.WriteLine();
            Console.WriteLine($"Interleaved A/B in one process: {blocks} blocks of about {msPerBlock} ms per side and case, C and C# alternating, ns per sample");
            Console.WriteLine();
            Console.WriteLine("| Shape    | Operation    | C# ns/op | C ns/op |   C#/C | C#/C fastest | finite |");
            Console.WriteLine("|----------|--------------|---------:|--------:|-------:|-------------:|--------|");
            int met = 0;
            bool ok = true;
            foreach (InterleavedResult r in results)
            {
                double goal = RatioGoal(Enum.Parse<Operation>(r.Operation));
                if (r.MedianRatio <= goal) met++;
                ok &= r.Finite;
                Console.WriteLine($"| {r.Shape,-8} | {r.Operation,-12} | {F1(InterleavedResult.Median(r.CSharp)),8} | {F1(InterleavedResult.Median(r.C)),7} | "
                    + $"{F2(r.MedianRatio) + (r.MedianRatio <= goal ? "" : " *"),6} | {F2(r.FastestRatio) + (r.FastestRatio <= goal ? "" : " *"),12} | {(r.Finite ? "yes" : "NO"),-6} |");
            }
            Console.WriteLine();
            Console.WriteLine("ns/op: median block. C#/C: median over the blocks of the C# block over the C block next to it. C#/C fastest: fastest");
            Console.WriteLine($"C# block over fastest C block. * = above the goal (TrainStep {F2(RatioGoal(Operation.TrainStep))}, others {F2(RatioGoal(Operation.Forward))}). {met} of {results.Count} within their goal.");
            if (!ok) Console.WriteLine("FAILED: a weight is not finite after the interleaved timing");
            return ok;
        }

        private static bool PrintAgreement(List<Agreement> agreements)
        {
            bool all = agreements.All(a => a.BitIdentical);
            long steps = agreements.Count > 0 ? agreements[0].Steps : 0;
            Console.WriteLine(all
                ? $"C and C# agree bit for bit: the loss sums and every weight after {steps} steps of {string.Join(", ", NativeBaseline.TrainingOperations)}, every shape ({agreements.Sum(a => a.Values)} floats)."
                : $"C and C# DISAGREE after {steps} steps:");
            foreach (Agreement a in agreements.Where(a => !a.BitIdentical))
            {
                Console.WriteLine($"  {a.Shape} {a.Operation}: {a.Different} of {a.Values} floats differ, max |difference| {a.MaxAbsoluteDifference:G3}; first: {a.FirstDifference}");
            }
            return all;
        }

        private static bool PrintTable(List<Shape> shapes, List<BenchmarkReport> reports, List<NativeResult> native,
            Dictionary<(string, string), double> exactBytes, Dictionary<(string, string), (long Steps, bool Finite)> steps, bool quick)
        {
            var rows = new List<string[]>();
            var ratios = new List<double>();
            var bestRatios = new List<double>();
            var problems = new List<string>();
            int noisyRows = 0;
            var quietRatios = new List<double>();
            int metGoals = 0, metBestGoals = 0, metQuietGoals = 0;
            foreach (Shape shape in shapes)
            {
                foreach (Operation operation in Enum.GetValues<Operation>())
                {
                    string op = operation.ToString();
                    BenchmarkReport report = reports.FirstOrDefault(r =>
                        (string)r.BenchmarkCase.Parameters["Shape"] == shape.Name && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == op);
                    var stats = report?.ResultStatistics;
                    if (report != null && stats == null) problems.Add($"{shape.Name} {op}: the BenchmarkDotNet run failed");

                    List<NativeResult> cRuns = native.Where(n => n.Shape == shape.Name && n.Operation == op).ToList();
                    double[] c = cRuns.SelectMany(n => n.Measurements).ToArray();
                    double cMedian = c.Length == 0 ? double.NaN : Median(c);
                    double cMin = c.Length == 0 ? double.NaN : c.Min();

                    // Noise: how far the C timings before and after the C# case drift apart, or how much
                    // the C# iterations spread, whichever is larger.
                    double noise = 0;
                    if (cRuns.Count >= 2)
                    {
                        double before = Median(cRuns[0].Measurements), after = Median(cRuns[cRuns.Count - 1].Measurements);
                        noise = Math.Max(before, after) / Math.Min(before, after) - 1;
                    }
                    if (stats != null && stats.Mean > 0) noise = Math.Max(noise, stats.StandardDeviation / stats.Mean);
                    if (noise > NoiseLimit) noisyRows++;
                    if (native.Any(n => n.Shape == shape.Name && n.Operation == op && !n.Finite)) problems.Add($"{shape.Name} {op}: the C weights are not finite");

                    string ratio = "", bestRatio = "";
                    if (stats != null && c.Length > 0)
                    {
                        double value = stats.Median / cMedian, best = stats.Min / cMin;
                        ratios.Add(value);
                        bestRatios.Add(best);
                        if (noise <= NoiseLimit) quietRatios.Add(value);
                        double goal = RatioGoal(operation);
                        if (value <= goal) metGoals++;
                        if (best <= goal) metBestGoals++;
                        if (noise <= NoiseLimit && value <= goal) metQuietGoals++;
                        ratio = F2(value) + (value <= goal ? "" : " *");
                        bestRatio = F2(best) + (best <= goal ? "" : " *");
                    }

                    long? bdnBytes = stats == null ? null : report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                    double exact = exactBytes[(shape.Name, op)];
                    if (exact != 0) problems.Add($"{shape.Name} {op}: allocates {exact:G3} bytes per sample");
                    if (!quick && bdnBytes.HasValue && bdnBytes.Value != 0) problems.Add($"{shape.Name} {op}: MemoryDiagnoser reports {bdnBytes} B/op");

                    string finite = "";
                    if (steps.TryGetValue((shape.Name, op), out var log))
                    {
                        finite = (log.Finite ? "yes, " : "NO, ") + FormatCount(log.Steps);
                        if (!log.Finite) problems.Add($"{shape.Name} {op}: a C# weight is not finite after {log.Steps} steps");
                    }

                    rows.Add(new[]
                    {
                        shape.Name, op,
                        stats != null ? F1(stats.Median) : "failed",
                        c.Length > 0 ? F1(cMedian) : "",
                        ratio, bestRatio,
                        (noise * 100).ToString("F0", CultureInfo.InvariantCulture) + "%" + (noise > NoiseLimit ? " !" : ""),
                        bdnBytes.HasValue ? bdnBytes.Value.ToString(CultureInfo.InvariantCulture) : "",
                        exact.ToString("0.###", CultureInfo.InvariantCulture),
                        finite,
                    });
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Backprop.Nano: C# (BenchmarkDotNet{(quick ? " --quick" : "")}) versus C (gcc {NativeBaseline.CompilerFlags}), ns per sample");
            Console.WriteLine();
            string[] header = { "Shape", "Operation", "C# ns/op", "C ns/op", "C#/C", "C#/C fastest", "noise", "B/op (BDN)", "B/op (exact)", "C# finite, steps" };
            bool[] right = { false, false, true, true, true, true, true, true, true, false };
            int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, i) => right[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))) + " |";
            Console.WriteLine(Line(header));
            Console.WriteLine("|" + string.Join("|", widths.Select((w, i) => right[i] ? new string('-', w + 1) + ":" : new string('-', w + 2))) + "|");
            foreach (string[] row in rows) Console.WriteLine(Line(row));
            Console.WriteLine();
            Console.WriteLine("ns/op: median ns per sample (C#: BenchmarkDotNet's median iteration; C: median of its measurements right before and");
            Console.WriteLine("after the C# run of that case). C#/C fastest: ratio of the fastest iteration of each side, the least disturbed by a noisy machine.");
            Console.WriteLine("TrainStep = TwoLayerNetwork.TrainStep; Forward = TwoLayerNetwork.Forward; MomentumStep = SgdOptimizer.Step,");
            Console.WriteLine($"momentum {F1(Workload.Momentum)}, batch 1; Batch8Step = SgdOptimizer.Step, no momentum, batch {Workload.BatchSize} (update amortised);");
            Console.WriteLine("AdamStep = AdamOptimizer.Step, beta1 0.9, beta2 0.999, epsilon 1e-8, batch 1 (a FloatMath.Sqrt per parameter; C: the same Newton steps);");
            Console.WriteLine($"ReLU hidden, identity output, learning rate {Workload.LearningRate.ToString(CultureInfo.InvariantCulture)}, {Workload.SampleCount} samples cycled.");
            Console.WriteLine($"* = above the goal: C#/C <= {RatioGoal(Operation.TrainStep).ToString(CultureInfo.InvariantCulture)} for TrainStep (against one tight C function), <= {RatioGoal(Operation.Forward).ToString(CultureInfo.InvariantCulture)} for the others.");
            Console.WriteLine($"noise: the larger of the drift between the C timings before and after the C# case and the C# iterations'");
            Console.WriteLine($"coefficient of variation; ! = above {NoiseLimit * 100:F0}%: other processes disturbed that row, its ratio says little ({noisyRows} rows).");
            Console.WriteLine("B/op (BDN): MemoryDiagnoser, all threads of the process; B/op (exact): this thread only, over "
                + (AllocationCheck.MeasuredRounds * Workload.SampleCount) + " samples after a warm-up.");
            if (ratios.Count > 0)
            {
                Console.WriteLine($"Ratio goals: {metGoals} of {ratios.Count} medians and {metBestGoals} of {bestRatios.Count} fastest within their goal; geometric mean C#/C {F2(GeometricMean(ratios))} (medians), {F2(GeometricMean(bestRatios))} (fastest).");
                if (quietRatios.Count > 0)
                {
                    Console.WriteLine($"Rows with noise <= {NoiseLimit * 100:F0}%: {metQuietGoals} of {quietRatios.Count} medians within their goal, geometric mean C#/C {F2(GeometricMean(quietRatios))}.");
                }
            }
            foreach (string problem in problems) Console.WriteLine("FAILED: " + problem);
            return problems.Count == 0;
        }

        private static double Median(double[] values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        }

        private static double GeometricMean(List<double> values) => Math.Exp(values.Average(Math.Log));

        private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

        private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

        private static string FormatCount(long n) =>
            n >= 1_000_000 ? (n / 1e6).ToString("F1", CultureInfo.InvariantCulture) + "M"
            : n >= 1_000 ? (n / 1e3).ToString("F0", CultureInfo.InvariantCulture) + "k"
            : n.ToString(CultureInfo.InvariantCulture);
    }
}
