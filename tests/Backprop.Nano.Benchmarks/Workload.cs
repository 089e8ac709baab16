using System;
using System.Collections.Generic;
using System.Linq;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>A network shape, input-hidden-output, e.g. "8-32-4".</summary>
    public sealed class Shape
    {
        /// <summary>The library's <see cref="BenchmarkShapes"/> (the issue "Speed and memory"): ReLU hidden layer, identity output.</summary>
        public static readonly Shape[] All = Enumerable.Range(0, BenchmarkShapes.Count)
            .Select(k => new Shape(BenchmarkShapes.InputCount(k), BenchmarkShapes.HiddenCount(k), BenchmarkShapes.OutputCount(k)))
            .ToArray();

        public Shape(int input, int hidden, int output)
        {
            Input = input;
            Hidden = hidden;
            Output = output;
        }

        public int Input { get; }

        public int Hidden { get; }

        public int Output { get; }

        public string Name => Input + "-" + Hidden + "-" + Output;

        public static Shape Parse(string name)
        {
            string[] parts = name.Split('-');
            if (parts.Length != 3) throw new FormatException("A shape is input-hidden-output, e.g. 8-32-4; was " + name);
            return new Shape(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        }

        public override string ToString() => Name;
    }

    /// <summary>The operations timed, each per sample; C# and C use these names.</summary>
    public enum Operation
    {
        /// <summary>TwoLayerNetwork.TrainStep (Forward, then plain SGD inside the backward pass).</summary>
        TrainStep,

        /// <summary>TwoLayerNetwork.Forward.</summary>
        Forward,

        /// <summary>SgdOptimizer.Step with momentum 0.9, batch 1.</summary>
        MomentumStep,

        /// <summary>SgdOptimizer.Step without momentum, batch 8 (the update amortised over 8 samples).</summary>
        Batch8Step,

        /// <summary>AdamOptimizer.Step with the paper's beta1, beta2, epsilon, batch 1.</summary>
        AdamStep,

        // To add an operation: a value here, its network or optimizer in Workload.CreateRunner, a
        // [GlobalSetup]/[Benchmark] pair in NetworkBenchmarks and its loops in native/backprop.c
        // (see README.md, "Adding an operation").
    }

    /// <summary>
    /// Everything both sides start from: the network (TwoLayerNetwork.Initialize with a fixed seed),
    /// 64 samples from DeterministicRandom with a fixed seed, and the optimizer settings.
    /// The C# benchmarks, the data file for the C program and the agreement check all use it.
    /// </summary>
    public static class Workload
    {
        public const uint WeightSeed = TwoLayerNetwork.DefaultSeed;
        public const uint SampleSeed = 20260601;
        public const int SampleCount = 64;

        /// <summary>Small enough that weights stay finite over millions of steps (checked after every run).</summary>
        public const float LearningRate = 1e-3f;
        public const float Momentum = 0.9f;
        public const int BatchSize = 8;

        public static TwoLayerNetwork CreateNetwork(Shape shape)
        {
            var network = new TwoLayerNetwork(shape.Input, shape.Hidden, shape.Output, Activation.Relu, Activation.Identity);
            network.Initialize(WeightSeed);
            return network;
        }

        /// <summary>Inputs and targets uniform in [-1, 1), sample after sample: x then d.</summary>
        public static void CreateSamples(Shape shape, out float[][] inputs, out float[][] targets)
        {
            var random = new DeterministicRandom(SampleSeed);
            inputs = new float[SampleCount][];
            targets = new float[SampleCount][];
            for (int k = 0; k < SampleCount; k++)
            {
                inputs[k] = new float[shape.Input];
                targets[k] = new float[shape.Output];
                for (int i = 0; i < shape.Input; i++) inputs[k][i] = random.NextSymmetric(1f);
                for (int j = 0; j < shape.Output; j++) targets[k][j] = random.NextSymmetric(1f);
            }
        }

        /// <summary>The runner for one operation, as the benchmark and the agreement check use it.</summary>
        public static Runner CreateRunner(Shape shape, Operation operation)
        {
            CreateSamples(shape, out float[][] inputs, out float[][] targets);
            TwoLayerNetwork network = CreateNetwork(shape);
            IOptimizer optimizer = operation switch
            {
                Operation.MomentumStep => new SgdOptimizer(network, LearningRate, Momentum, 1),
                Operation.Batch8Step => new SgdOptimizer(network, LearningRate, 0f, BatchSize),
                // native/backprop.c has the same three constants (ADAM_BETA1, ...).
                Operation.AdamStep => new AdamOptimizer(network, LearningRate, AdamOptimizer.DefaultBeta1, AdamOptimizer.DefaultBeta2,
                    AdamOptimizer.DefaultEpsilon, 1),
                _ => null,
            };
            return new Runner(operation, network, optimizer, inputs, targets);
        }

        public static bool IsFinite(TwoLayerNetwork network) => network.Parameters.AllFinite();
    }

    /// <summary>One network (and optimizer) cycling through the 64 samples.</summary>
    public sealed class Runner
    {
        private readonly float[][] _inputs, _targets;
        private readonly IOptimizer _optimizer;

        public Runner(Operation operation, TwoLayerNetwork network, IOptimizer optimizer, float[][] inputs, float[][] targets)
        {
            Operation = operation;
            Network = network;
            _optimizer = optimizer;
            _inputs = inputs;
            _targets = targets;
        }

        public Operation Operation { get; }

        public TwoLayerNetwork Network { get; }

        public long Steps { get; private set; }

        /// <summary>
        /// Each sample once, in order: the body of one benchmark invocation (Forward, TrainStep when there
        /// is no optimizer, the optimizer's Step otherwise). Returns the sum of the results.
        /// </summary>
        public float Round()
        {
            float[][] inputs = _inputs, targets = _targets;
            TwoLayerNetwork network = Network;
            float sum = 0f;
            IOptimizer optimizer = _optimizer;
            if (Operation == Operation.Forward)
            {
                for (int k = 0; k < inputs.Length; k++) sum += network.Forward(inputs[k])[0];
            }
            else if (optimizer == null)
            {
                for (int k = 0; k < inputs.Length; k++) sum += network.TrainStep(inputs[k], targets[k], Workload.LearningRate);
            }
            else
            {
                for (int k = 0; k < inputs.Length; k++) sum += optimizer.Step(inputs[k], targets[k]);
            }
            Steps += inputs.Length;
            return sum;
        }

        /// <summary>One sample: step k of the agreement check (sample k mod 64).</summary>
        public float Step(long step)
        {
            int k = (int)(step % _inputs.Length);
            return _optimizer == null
                ? Network.TrainStep(_inputs[k], _targets[k], Workload.LearningRate)
                : _optimizer.Step(_inputs[k], _targets[k]);
        }
    }

    internal static class Lists
    {
        public static IEnumerable<string> ShapeNames()
        {
            foreach (Shape shape in Shape.All) yield return shape.Name;
        }
    }
}
