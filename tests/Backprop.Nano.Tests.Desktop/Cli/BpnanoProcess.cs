using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>
    /// bpnano as its own process (the bpnano.dll next to the tests), for what only a process has: signals, a terminal,
    /// an exit code chosen by Main.
    /// </summary>
    internal static class BpnanoProcess
    {
        public static string Dll => Path.Combine(AppContext.BaseDirectory, "bpnano.dll");

        /// <summary>Starts `dotnet bpnano.dll args` with stdout and stderr piped.</summary>
        public static Process Start(IDictionary<string, string> environment, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Dll);
            foreach (string argument in args) start.ArgumentList.Add(argument);
            if (environment != null) foreach (KeyValuePair<string, string> pair in environment) start.Environment[pair.Key] = pair.Value;
            return Process.Start(start);
        }

        /// <summary>Sends a POSIX signal (1 SIGHUP, 15 SIGTERM).</summary>
        public static void Signal(Process process, int signal)
        {
            Assert.AreEqual(0, kill(process.Id, signal), "kill " + signal);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }
}
