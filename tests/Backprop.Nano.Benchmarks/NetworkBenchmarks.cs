using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>
    /// ns and allocated bytes per sample of each operation, per shape. One invocation runs the 64
    /// samples once (OperationsPerInvoke = 64), exactly like one round of native/backprop.c.
    /// </summary>
    [MemoryDiagnoser]
    public class NetworkBenchmarks
    {
        private Runner _runner;

        /// <summary>The network shape, input-hidden-output.</summary>
        [ParamsSource(nameof(Shapes))]
        public string Shape { get; set; }

        public static IEnumerable<string> Shapes => Lists.ShapeNames();

        // BenchmarkDotNet runs the setup per benchmark method and shape, so each method gets a fresh
        // network; the target says which one.
        [GlobalSetup(Target = nameof(TrainStep))]
        public void SetupTrainStep() => Setup(Operation.TrainStep);

        [GlobalSetup(Target = nameof(Forward))]
        public void SetupForward() => Setup(Operation.Forward);

        [GlobalSetup(Target = nameof(MomentumStep))]
        public void SetupMomentumStep() => Setup(Operation.MomentumStep);

        [GlobalSetup(Target = nameof(Batch8Step))]
        public void SetupBatch8Step() => Setup(Operation.Batch8Step);

        [GlobalSetup(Target = nameof(AdamStep))]
        public void SetupAdamStep() => Setup(Operation.AdamStep);

        [Benchmark(OperationsPerInvoke = Workload.SampleCount, Description = "TrainStep")]
        public float TrainStep() => _runner.Round();

        [Benchmark(OperationsPerInvoke = Workload.SampleCount, Description = "Forward")]
        public float Forward() => _runner.Round();

        /// <summary>SgdOptimizer.Step, momentum 0.9, batch 1.</summary>
        [Benchmark(OperationsPerInvoke = Workload.SampleCount, Description = "MomentumStep")]
        public float MomentumStep() => _runner.Round();

        /// <summary>SgdOptimizer.Step, no momentum, batch 8.</summary>
        [Benchmark(OperationsPerInvoke = Workload.SampleCount, Description = "Batch8Step")]
        public float Batch8Step() => _runner.Round();

        /// <summary>AdamOptimizer.Step, the paper's beta1, beta2, epsilon, batch 1.</summary>
        [Benchmark(OperationsPerInvoke = Workload.SampleCount, Description = "AdamStep")]
        public float AdamStep() => _runner.Round();

        /// <summary>Fails the benchmark if the millions of steps it ran drove any weight to NaN or infinity.</summary>
        [GlobalCleanup]
        public void CheckWeightsAreFinite()
        {
            if (_runner == null) return;
            bool finite = Workload.IsFinite(_runner.Network);
            StepLog.Append(Shape, _runner.Operation, _runner.Steps, finite);
            if (!finite)
            {
                throw new InvalidOperationException(
                    $"{_runner.Operation} {Shape}: a weight is no longer finite after {_runner.Steps} steps; lower Workload.LearningRate.");
            }
        }

        private void Setup(Operation operation)
        {
            _runner = Workload.CreateRunner(Backprop.Nano.Benchmarks.Shape.Parse(Shape), operation);
        }
    }
}
