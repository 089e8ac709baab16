using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>
    /// A real Mosquitto for one test: its own config in a temporary directory, a listener on a free loopback port, no
    /// anonymous clients, a password file made with mosquitto_passwd, no persistence (a restart forgets retained messages, as
    /// a broker that lost its disk would). Independent of any system service. Not installed: the test fails and says how to
    /// install it (the fleet tests are not optional).
    /// </summary>
    internal sealed class MosquittoBroker : IDisposable
    {
        public const string User = "fleet-test";
        public const string Password = "s3cret-test-password";
        private readonly string _directory;
        private Process _process;

        private MosquittoBroker(string directory, int port)
        {
            _directory = directory;
            Port = port;
        }

        public int Port { get; }

        public static MosquittoBroker Start()
        {
            string mosquitto = Find("mosquitto"), passwd = Find("mosquitto_passwd");
            if (mosquitto == null || passwd == null)
            {
                Assert.Fail("mosquitto is not installed (the fleet tests start their own broker): apt-get update && apt-get install -y mosquitto");
            }
            string directory = Directory.CreateTempSubdirectory("bpnano-mosquitto-").FullName;
            string passwords = Path.Combine(directory, "passwords");
            Run(passwd, "-b -c " + Quote(passwords) + " " + User + " " + Password);
            var broker = new MosquittoBroker(directory, FreePort());
            File.WriteAllText(Path.Combine(directory, "mosquitto.conf"),
                "listener " + broker.Port + " 127.0.0.1\n"
                + "allow_anonymous false\n"
                + "password_file " + passwords + "\n"
                + "persistence false\n"
                // Started as root, mosquitto would switch to the user "mosquitto", who cannot read this private directory.
                + "user " + Environment.UserName + "\n"
                + "log_dest file " + Path.Combine(directory, "mosquitto.log") + "\n");
            try
            {
                broker.StartProcess();
            }
            catch
            {
                // The failure (mosquitto exited, or never listened) is the test's; the temporary directory is not left behind.
                broker.Dispose();
                throw;
            }
            return broker;
        }

        /// <summary>The broker for bpnano's clients, with the test's credentials.</summary>
        public Broker For(string fleet) => Broker.Create("127.0.0.1", Port, User, Password, fleet);

        /// <summary>The options every bpnano fleet command takes to reach this broker (the password through the environment in real use).</summary>
        public string[] Options(string fleet) => new[] { "--broker", "127.0.0.1:" + Port, "--username", User, "--password", Password, "--fleet", fleet };

        public void Stop()
        {
            if (_process == null) return;
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
            _process = null;
        }

        /// <summary>Stops and starts it again on the same port, as a broker restart (nothing retained survives).</summary>
        public void Restart()
        {
            Stop();
            StartProcess();
        }

        public string Log => File.Exists(Path.Combine(_directory, "mosquitto.log")) ? File.ReadAllText(Path.Combine(_directory, "mosquitto.log")) : "";

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

        private void StartProcess()
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
                    probe.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(20);
                }
            }
            Assert.Fail("mosquitto did not listen on port " + Port + " within 10 s: " + Log);
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
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
