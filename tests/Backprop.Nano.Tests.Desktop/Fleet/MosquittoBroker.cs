using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>
    /// A real Mosquitto for one test: its own config in a temporary directory, a listener on 127.0.0.1 at the given port, no
    /// anonymous clients, a password file made with mosquitto_passwd, no persistence (a restart forgets retained messages, as
    /// a broker that lost its disk would). Independent of any system service.
    /// </summary>
    internal sealed class MosquittoBroker : IBrokerServer
    {
        public const string InstallHint = "apt-get update && apt-get install -y mosquitto";
        private readonly string _directory;
        private readonly int _port;
        private Process _process;

        private MosquittoBroker(string directory, int port, string kind)
        {
            _directory = directory;
            _port = port;
            Kind = kind;
        }

        /// <summary>"mosquitto 2.0.11": the version mosquitto -h prints.</summary>
        public string Kind { get; }

        /// <summary>Whether mosquitto and mosquitto_passwd are on PATH (or in the sbin directories Debian puts mosquitto in).</summary>
        public static bool IsInstalled => Find("mosquitto") != null && Find("mosquitto_passwd") != null;

        /// <summary>Writes the config and the password file; <see cref="Start"/> starts it. Not installed: the test fails and says how to install it.</summary>
        public static MosquittoBroker Create(int port, string user, string password)
        {
            if (!IsInstalled) Assert.Fail("mosquitto is not installed (the fleet tests start their own broker): " + InstallHint);
            string directory = Directory.CreateTempSubdirectory("bpnano-mosquitto-").FullName;
            string passwords = Path.Combine(directory, "passwords");
            Run(Find("mosquitto_passwd"), "-b -c " + Quote(passwords) + " " + user + " " + password);
            File.WriteAllText(Path.Combine(directory, "mosquitto.conf"),
                "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous false\n"
                + "password_file " + passwords + "\n"
                + "persistence false\n"
                // Started as root, mosquitto would switch to the user "mosquitto", who cannot read this private directory.
                + "user " + Environment.UserName + "\n"
                + "log_dest file " + Path.Combine(directory, "mosquitto.log") + "\n");
            return new MosquittoBroker(directory, port, Version());
        }

        public string Log => File.Exists(Path.Combine(_directory, "mosquitto.log")) ? File.ReadAllText(Path.Combine(_directory, "mosquitto.log")) : "";

        public void Start()
        {
            _process = Process.Start(new ProcessStartInfo(Find("mosquitto"), "-c " + Quote(Path.Combine(_directory, "mosquitto.conf")))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited) Assert.Fail("mosquitto exited at start (" + _process.ExitCode + "): " + _process.StandardError.ReadToEnd() + Log);
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, _port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(20);
                }
            }
            Assert.Fail("mosquitto did not listen on port " + _port + " within 10 s: " + Log);
        }

        public void Stop()
        {
            if (_process == null) return;
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
            _process = null;
        }

        public void Dispose()
        {
            Stop();
            try
            {
                Directory.Delete(_directory, true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is not the test's failure.
            }
        }

        // mosquitto -h prints "mosquitto version 2.0.11" first (and exits with 3).
        private static string Version()
        {
            using Process process = Process.Start(new ProcessStartInfo(Find("mosquitto"), "-h") { RedirectStandardOutput = true, UseShellExecute = false });
            string first = process.StandardOutput.ReadLine() ?? "";
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return first.Replace(" version", "").Trim();
        }

        private static string Find(string name)
        {
            foreach (string directory in (Environment.GetEnvironmentVariable("PATH") + ":/usr/sbin:/usr/local/sbin:/sbin").Split(':'))
            {
                if (directory.Length > 0 && File.Exists(Path.Combine(directory, name))) return Path.Combine(directory, name);
            }
            return null;
        }

        private static void Run(string file, string arguments)
        {
            using Process process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, UseShellExecute = false });
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) Assert.Fail(file + " " + arguments + " failed: " + error);
        }

        private static string Quote(string path) => "\"" + path + "\"";
    }
}
