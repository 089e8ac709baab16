using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only: MemoryFootprint must list exactly the float buffers the constructors
    /// allocate, found here by walking the real objects' fields with reflection.
    /// </summary>
    [TestClass]
    public class MemoryFootprintTests
    {
        [TestMethod]
        public void Network_footprint_lists_every_buffer()
        {
            var network = new TwoLayerNetwork(5, 9, 3, Activation.Relu, Activation.Identity);
            AssertSameBuffers(MemoryFootprint.ForNetwork(5, 9, 3), network);
        }

        [TestMethod]
        public void Cross_entropy_footprint_adds_the_kept_u2()
        {
            foreach (Activation output in new[] { Activation.Softmax, Activation.Sigmoid })
            {
                var network = new TwoLayerNetwork(5, 9, 3, Activation.Relu, output, LossFunction.CrossEntropy);
                AssertSameBuffers(MemoryFootprint.ForNetwork(5, 9, 3, LossFunction.CrossEntropy), network);
                var optimizer = new SgdOptimizer(new TwoLayerNetwork(4, 6, 2, Activation.Tanh, output, LossFunction.CrossEntropy), 0.1f, 0.9f, 8);
                AssertSameBuffers(MemoryFootprint.ForOptimizer(4, 6, 2, 0.9f, LossFunction.CrossEntropy), optimizer);
            }
            Assert.AreEqual(MemoryFootprint.ForNetwork(5, 9, 3).Count + 1, MemoryFootprint.ForNetwork(5, 9, 3, LossFunction.CrossEntropy).Count);
        }

        [TestMethod]
        public void Optimizer_footprint_adds_gradients_and_velocities_only_with_momentum()
        {
            foreach (float momentum in new[] { 0f, 0.9f })
            {
                var network = new TwoLayerNetwork(4, 6, 2, Activation.Tanh, Activation.Identity);
                var optimizer = new SgdOptimizer(network, 0.1f, momentum, 8);
                AssertSameBuffers(MemoryFootprint.ForOptimizer(4, 6, 2, momentum), optimizer);
            }
        }

        [TestMethod]
        public void Adam_footprint_adds_gradients_moments_and_powers()
        {
            var network = new TwoLayerNetwork(4, 6, 2, Activation.Tanh, Activation.Identity);
            var optimizer = new AdamOptimizer(network, 0.001f, 0.9f, 0.999f, 1e-8f, 4);
            AssertSameBuffers(MemoryFootprint.ForAdam(4, 6, 2), optimizer);
            // Gradients, m and v: three parameter-shaped lists beside the network's own, and the two powers.
            Assert.AreEqual(MemoryFootprint.ForOptimizer(4, 6, 2, 0.9f).PayloadBytes + 4 * (ParameterBuffers.TotalLengthFor(4, 6, 2) + 2),
                MemoryFootprint.ForAdam(4, 6, 2).PayloadBytes);
        }

        [TestMethod]
        public void Trainer_footprint_lists_every_buffer_for_several_settings()
        {
            var variants = new[]
            {
                new OnlineTrainerSettings(),
                new OnlineTrainerSettings { ChannelCount = 3, TargetChannel = 2, WindowLength = 5, Momentum = 0.5f, ReplayCapacity = 10 },
                new OnlineTrainerSettings { ChannelCount = 2, ReplayCapacity = 0, ReplayPerStep = 0, HiddenCount = 40 },
                new OnlineTrainerSettings { ChannelCount = 2, Optimizer = OptimizerKind.Adam, BatchSize = 4 },
            };
            foreach (var settings in variants)
            {
                var trainer = new OnlineTrainer(settings, null);
                var session = new TrainingSession(new SyntheticSensor(settings.ChannelCount, 1, 0f), trainer);
                AssertSameBuffers(MemoryFootprint.ForTrainer(settings), session);
            }
        }

        [TestMethod]
        public void Totals_add_payload_and_the_per_array_estimate()
        {
            var footprint = MemoryFootprint.ForOptimizer(2, 10, 1, 0f);
            // W1 20, b1 10, W2 10, b2 1, z1 10, y 1, delta1 10, delta2 1, then the optimizer's gradients like W1 .. b2.
            Assert.AreEqual(4 * (2 * (20 + 10 + 10 + 1) + 10 + 1 + 10 + 1), footprint.PayloadBytes);
            Assert.AreEqual(footprint.PayloadBytes + 12 * MemoryFootprint.ArrayOverheadBytes, footprint.TotalBytes);
        }

        private static void AssertSameBuffers(MemoryFootprint footprint, object root)
        {
            var expected = Enumerable.Range(0, footprint.Count).Select(footprint.Floats).OrderBy(n => n).ToList();
            var actual = ArraysReachableFrom(root).Select(a => a.Length).OrderBy(n => n).ToList();
            CollectionAssert.AreEqual(expected, actual,
                $"footprint [{string.Join(", ", expected)}] vs allocated [{string.Join(", ", actual)}]");
        }

        // Every float[] and int[] (4 bytes per element, as the footprint counts) reachable through our own objects.
        private static List<Array> ArraysReachableFrom(object root)
        {
            var found = new List<Array>();
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                object current = pending.Pop();
                if (current == null || !seen.Add(current)) continue;
                if (current is float[] || current is int[]) { found.Add((Array)current); continue; }
                // Buffers held in a jagged array (float[][]) count too; the array of references itself holds no values.
                if (current is float[][] jagged) { foreach (float[] buffer in jagged) pending.Push(buffer); continue; }
                // So do the lists in an array of our objects (an optimizer's State, the trainer's snapshot of it).
                if (current is object[] objects) { foreach (object item in objects) pending.Push(item); continue; }
                // The sensor is the application's, not part of the training footprint.
                if (current.GetType().Namespace != "Backprop.Nano" || current is ISensor) continue;
                for (Type type = current.GetType(); type != null; type = type.BaseType)
                {
                    foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (!field.FieldType.IsValueType) pending.Push(field.GetValue(current));
                    }
                }
            }
            return found;
        }
    }
}
