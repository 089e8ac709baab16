using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>One C timing: every measurement in ns per sample, and whether the weights stayed finite.</summary>
    public sealed record NativeResult(string Shape, string Operation, double[] Measurements, bool Finite, long Steps);

    /// <summary>
    /// The C baseline: compiles native/backprop.c with gcc -O2 into obj/native/, writes the data file
    /// (initial weights and samples from <see cref="Workload"/>), runs it and reads what it prints.
    /// </summary>
    public sealed class NativeBaseline
    {
        /// <summary>IEEE semantics as the CLR's: no -ffast-math, no -march=native, no a*b+c fusion.</summary>
        public const string CompilerFlags = "-O2 -std=c11 -ffp-contract=off";

        private readonly string _workDirectory;

        private NativeBaseline(string source, string workDirectory)
        {
            Source = source;
            _workDirectory = workDirectory;
            Executable = Path.Combine(workDirectory, "backprop");
            SharedLibrary = Path.Combine(workDirectory, "libbackprop.so");
            DataFile = Path.Combine(workDirectory, "data.bin");
        }

        public string Source { get; }

        public string Executable { get; }

        public string DataFile { get; }

        /// <summary>The same source as a shared library, for <see cref="InterleavedTiming"/>.</summary>
        public string SharedLibrary { get; }

        public string CompilerVersion { get; private set; }

        /// <summary>Finds backprop.c (project folder first, then next to the assembly) and picks obj/native/ to build in.</summary>
        public static NativeBaseline Locate()
        {
            string projectDirectory = Metadata("BenchmarkProjectDirectory");
            string intermediate = Metadata("BenchmarkIntermediateDirectory");
            string source = Path.Combine(projectDirectory ?? "", "native", "backprop.c");
            string work = Path.Combine(intermediate ?? "", "native");
            if (projectDirectory == null || !File.Exists(source))
            {
                source = Path.Combine(AppContext.BaseDirectory, "native", "backprop.c");
                work = Path.Combine(Path.GetTempPath(), "backprop-nano-native");
            }
            Directory.CreateDirectory(work);
            return new NativeBaseline(source, work);
        }

        /// <summary>gcc -O2 backprop.c; returns false (with the reason) when gcc is missing or fails.</summary>
        public bool TryCompile(out string problem)
        {
            problem = null;
            if (!File.Exists(Source))
            {
                problem = "no " + Source;
                return false;
            }
            try
            {
                CompilerVersion = Run("gcc", "--version", out _).Split('\n')[0].Trim();
                string arguments = $"{CompilerFlags} -o \"{Executable}\" \"{Source}\"";
                Run("gcc", arguments, out int exitCode, echoErrors: true);
                if (exitCode != 0) problem = "gcc " + arguments + " failed";
                string shared = $"{CompilerFlags} -shared -fPIC -DBACKPROP_SHARED -o \"{SharedLibrary}\" \"{Source}\"";
                Run("gcc", shared, out exitCode, echoErrors: true);
                if (exitCode != 0) problem ??= "gcc " + shared + " failed";
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                problem = "gcc not found (" + e.Message + ")";
            }
            return problem == null;
        }

        /// <summary>Writes the initial weights, the samples and the optimizer settings for every shape.</summary>
        public void WriteDataFile()
        {
            using var writer = new BinaryWriter(File.Create(DataFile));
            writer.Write(Encoding.ASCII.GetBytes("BPND"));
            writer.Write(1);
            writer.Write(Workload.LearningRate);
            writer.Write(Workload.Momentum);
            writer.Write(Workload.BatchSize);
            writer.Write(Workload.SampleCount);
            writer.Write(Shape.All.Length);
            foreach (Shape shape in Shape.All)
            {
                TwoLayerNetwork network = Workload.CreateNetwork(shape);
                Workload.CreateSamples(shape, out float[][] inputs, out float[][] targets);
                writer.Write(shape.Input);
                writer.Write(shape.Hidden);
                writer.Write(shape.Output);
                var parameters = Enumerable.Range(0, ParameterBuffers.Count).Select(network.Parameters.Get);
                foreach (float[] buffer in parameters.Concat(inputs).Concat(targets))
                {
                    foreach (float value in buffer) writer.Write(value);
                }
            }
        }

        /// <summary>Times one operation of one shape: measurements of about msPerMeasurement each, after a warm-up.</summary>
        public List<NativeResult> Bench(string shape, string operation, double msPerMeasurement, int measurements)
        {
            string arguments = string.Format(CultureInfo.InvariantCulture, "bench \"{0}\" {1} {2} {3} {4}", DataFile, msPerMeasurement, measurements, shape, operation);
            string output = Run(Executable, arguments, out int exitCode, echoErrors: true);
            if (exitCode != 0) throw new InvalidOperationException("the C baseline failed with exit code " + exitCode);
            var results = new List<NativeResult>();
            foreach (string line in output.Split('\n'))
            {
                string[] p = line.Trim().Split(' ');
                if (p.Length != 9 || p[0] != "RESULT") continue;
                double[] values = p[8].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                results.Add(new NativeResult(p[1], p[2], values, p[6] == "1", long.Parse(p[7], CultureInfo.InvariantCulture)));
            }
            return results;
        }

        /// <summary>
        /// Runs <paramref name="steps"/> steps of TrainStep, MomentumStep, Batch8Step and AdamStep per shape in C and
        /// in C# from the same start and compares the loss sums and weights bit for bit.
        /// </summary>
        public List<Agreement> Verify(long steps)
        {
            string outFile = Path.Combine(_workDirectory, "verify.bin");
            Run(Executable, $"verify \"{DataFile}\" \"{outFile}\" {steps}", out int exitCode, echoErrors: true);
            if (exitCode != 0) throw new InvalidOperationException("the C baseline's verify failed with exit code " + exitCode);
            var agreements = new List<Agreement>();
            using var reader = new BinaryReader(File.OpenRead(outFile));
            foreach (Shape shape in Shape.All)
            {
                foreach (Operation operation in TrainingOperations)
                {
                    Runner runner = Workload.CreateRunner(shape, operation);
                    float sum = 0f;
                    for (long step = 0; step < steps; step++) sum += runner.Step(step);
                    TwoLayerNetwork n = runner.Network;
                    var agreement = new Agreement(shape.Name, operation.ToString(), steps);
                    agreement.Compare("loss sum", new[] { sum }, reader);
                    for (int k = 0; k < ParameterBuffers.Count; k++) agreement.Compare(ParameterBuffers.NameOf(k), n.Parameters.Get(k), reader);
                    agreements.Add(agreement);
                }
            }
            return agreements;
        }

        /// <summary>The operations that change the weights, in the order the C program's verify writes them.</summary>
        public static readonly Operation[] TrainingOperations = { Operation.TrainStep, Operation.MomentumStep, Operation.Batch8Step, Operation.AdamStep };

        private static string Metadata(string key)
        {
            foreach (var attribute in typeof(NativeBaseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (attribute.Key == key) return attribute.Value;
            }
            return null;
        }

        private static string Run(string fileName, string arguments, out int exitCode, bool echoErrors = false)
        {
            var info = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process process = Process.Start(info);
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            exitCode = process.ExitCode;
            if (echoErrors && errors.Result.Length > 0) Console.Error.Write(errors.Result);
            return output;
        }
    }

    /// <summary>How closely the C and C# weights agree after the same steps.</summary>
    public sealed class Agreement
    {
        public Agreement(string shape, string operation, long steps)
        {
            Shape = shape;
            Operation = operation;
            Steps = steps;
        }

        public string Shape { get; }

        public string Operation { get; }

        public long Steps { get; }

        public int Values { get; private set; }

        public int Different { get; private set; }

        public double MaxAbsoluteDifference { get; private set; }

        public string FirstDifference { get; private set; }

        public bool BitIdentical => Different == 0;

        public void Compare(string name, float[] csharp, BinaryReader c)
        {
            for (int k = 0; k < csharp.Length; k++)
            {
                float native = c.ReadSingle();
                Values++;
                if (BitConverter.SingleToInt32Bits(native) == BitConverter.SingleToInt32Bits(csharp[k])) continue;
                Different++;
                double difference = Math.Abs((double)native - csharp[k]);
                if (double.IsNaN(difference) || difference > MaxAbsoluteDifference) MaxAbsoluteDifference = difference;
                FirstDifference ??= string.Format(CultureInfo.InvariantCulture, "{0}[{1}]: C# {2:R}, C {3:R}", name, k, csharp[k], native);
            }
        }
    }
}
