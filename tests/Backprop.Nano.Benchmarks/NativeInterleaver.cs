using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.EventProcessors;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>
    /// Times the C baseline of each case right before and right after BenchmarkDotNet runs that case,
    /// so the two sides are measured side by side in time: on a shared, noisy machine a comparison of
    /// runs minutes apart says more about the neighbours than about the code.
    /// </summary>
    public sealed class NativeInterleaver : EventProcessor
    {
        private readonly NativeBaseline _baseline;
        private readonly double _msPerMeasurement;
        private readonly int _measurementsPerSide;

        public NativeInterleaver(NativeBaseline baseline, double msPerMeasurement, int measurementsPerSide)
        {
            _baseline = baseline;
            _msPerMeasurement = msPerMeasurement;
            _measurementsPerSide = measurementsPerSide;
        }

        public List<NativeResult> Results { get; } = new List<NativeResult>();

        public override void OnStartRunBenchmark(BenchmarkCase benchmarkCase) => Time(benchmarkCase, "before");

        public override void OnEndRunBenchmark(BenchmarkCase benchmarkCase, BenchmarkReport report) => Time(benchmarkCase, "after");

        private void Time(BenchmarkCase benchmarkCase, string when)
        {
            string shape = (string)benchmarkCase.Parameters["Shape"];
            string operation = benchmarkCase.Descriptor.WorkloadMethod.Name;
            List<NativeResult> results = _baseline.Bench(shape, operation, _msPerMeasurement, _measurementsPerSide);
            Results.AddRange(results);
            foreach (NativeResult r in results)
            {
                Console.WriteLine($"// C baseline {when} the C# run: {r.Shape} {r.Operation}: "
                    + string.Join(", ", r.Measurements.Select(m => m.ToString("F1", CultureInfo.InvariantCulture))) + " ns/op");
            }
        }
    }
}
