using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>
    /// A pseudo-terminal pair joined by socat: bytes written to <see cref="PortA"/> come out of
    /// <see cref="PortB"/>, as between a board and the desktop. Disposing kills socat.
    /// </summary>
    internal sealed class SocatPair : IPtyPair
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);
        private readonly Process _process;

        private SocatPair(Process process, string portA, string portB)
        {
            _process = process;
            PortA = portA;
            PortB = portB;
        }

        public string PortA { get; }

        public string PortB { get; }

        /// <summary>socat's path, or null when it is not installed.</summary>
        public static string FindSocat()
        {
            foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                string candidate = Path.Combine(directory, "socat");
                if (directory.Length > 0 && File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>Starts socat with links <paramref name="directory"/>/ttyA and ttyB and waits until both exist.</summary>
        public static SocatPair Start(string directory)
        {
            string portA = Path.Combine(directory, "ttyA"), portB = Path.Combine(directory, "ttyB");
            string socat = FindSocat();
            Assert.IsNotNull(socat, "socat not found: apt-get install socat");
            var start = new ProcessStartInfo(socat)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "-d", "-d", "pty,raw,echo=0,link=" + portA, "pty,raw,echo=0,link=" + portB }) start.ArgumentList.Add(argument);
            Process process = Process.Start(start);
            // socat -d -d logs to stderr; drain it so that it can never block on a full pipe.
            process.ErrorDataReceived += (sender, e) => { };
            process.OutputDataReceived += (sender, e) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var pair = new SocatPair(process, portA, portB);
            var waited = Stopwatch.StartNew();
            while (!(File.Exists(portA) && File.Exists(portB)))
            {
                if (process.HasExited || waited.Elapsed > StartTimeout)
                {
                    pair.Dispose();
                    Assert.Fail("socat did not create " + portA + " and " + portB + " within " + StartTimeout.TotalSeconds + " s");
                }
                Thread.Sleep(20);
            }
            return pair;
        }

        /// <summary>Kills socat, as when a board is unplugged: both ends hang up and the links go.</summary>
        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(true);
                _process.WaitForExit(5000);
            }
            _process.Dispose();
            // Killed with SIGKILL, socat cannot remove its links; a new pair must be able to create them again.
            File.Delete(PortA);
            File.Delete(PortB);
        }
    }
}
