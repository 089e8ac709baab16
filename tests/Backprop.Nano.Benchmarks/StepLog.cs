using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Backprop.Nano.Benchmarks
{
    /// <summary>
    /// How many steps each benchmark's network took and whether its weights stayed finite. The
    /// benchmark processes (BenchmarkDotNet runs each case in its own process in the full mode)
    /// append a line to the file named by the environment variable, which the host reads at the end.
    /// </summary>
    public static class StepLog
    {
        public const string Variable = "BPNANO_BENCHMARK_STEP_LOG";

        public static void Append(string shape, Operation operation, long steps, bool finite)
        {
            string path = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(path)) return;
            File.AppendAllText(path, string.Join(" ", shape, operation, steps.ToString(CultureInfo.InvariantCulture), finite ? "finite" : "NOT-FINITE") + "\n");
        }

        /// <summary>(shape, operation) to the largest step count logged and whether every log line said finite.</summary>
        public static Dictionary<(string, string), (long Steps, bool Finite)> Read(string path)
        {
            var result = new Dictionary<(string, string), (long, bool)>();
            if (!File.Exists(path)) return result;
            foreach (string line in File.ReadAllLines(path))
            {
                string[] parts = line.Split(' ');
                if (parts.Length != 4) continue;
                var key = (parts[0], parts[1]);
                long steps = long.Parse(parts[2], CultureInfo.InvariantCulture);
                bool finite = parts[3] == "finite";
                if (result.TryGetValue(key, out var old)) result[key] = (Math.Max(old.Item1, steps), old.Item2 && finite);
                else result[key] = (steps, finite);
            }
            return result;
        }
    }
}
