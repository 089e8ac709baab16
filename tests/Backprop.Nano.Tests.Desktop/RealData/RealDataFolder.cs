using System;
using System.IO;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// The real recordings the project is judged on (NAB's sensor series, uWave's gestures), which are never committed: the
    /// folder named by BPNANO_DATA, else ../shared/data beside the repository. Without it a real-data test is inconclusive
    /// (skipped, and counted so); with BPNANO_REQUIRE_DATA=1 (set by .ci/run) it fails instead.
    /// </summary>
    internal static class RealDataFolder
    {
        public const string PathVariable = "BPNANO_DATA", RequireVariable = "BPNANO_REQUIRE_DATA";

        /// <summary>The data folder's <paramref name="part"/> (nab, uwave), or the test stops as described above.</summary>
        public static string Require(string part)
        {
            string root = Environment.GetEnvironmentVariable(PathVariable) ?? BesideRepository();
            string folder = root == null ? null : Path.Combine(root, part);
            if (folder != null && Directory.Exists(folder)) return folder;
            string message = "the real-data folder " + (folder ?? "../shared/data/" + part) + " is missing (set " + PathVariable + " to the folder that holds nab/ and uwave/)";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1") Assert.Fail(message + "; " + RequireVariable + "=1 makes that a failure.");
            Assert.Inconclusive(message + ".");
            return null;
        }

        // ../shared/data from the repository root (the folder above the test binaries that holds Backprop.Nano.sln).
        private static string BesideRepository()
        {
            for (string folder = AppContext.BaseDirectory; folder != null; folder = Path.GetDirectoryName(folder))
            {
                if (File.Exists(Path.Combine(folder, "Backprop.Nano.sln"))) return Path.GetFullPath(Path.Combine(folder, "..", "shared", "data"));
            }
            return null;
        }
    }
}
