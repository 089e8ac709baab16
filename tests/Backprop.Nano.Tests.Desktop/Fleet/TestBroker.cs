using System;
using System.Net;
using System.Net.Sockets;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>
    /// The MQTT broker of one fleet test, on a free 127.0.0.1 port, with <see cref="User"/> and <see cref="Password"/> required:
    /// a real Mosquitto (<see cref="MosquittoBroker"/>) where it is installed (CI installs it), else MQTTnet.Server in this process
    /// (<see cref="InProcessBroker"/>), so that `dotnet test` passes on a machine with only the .NET SDK. BPNANO_REQUIRE_MOSQUITTO=1
    /// (set by .ci/run) makes a missing Mosquitto a failure; BPNANO_FLEET_BROKER=mosquitto|inprocess picks one. Each start prints
    /// which broker ran.
    /// </summary>
    internal sealed class TestBroker : IDisposable
    {
        public const string User = "fleet-test";
        public const string Password = "s3cret-test-password";
        public const string RequireMosquittoVariable = "BPNANO_REQUIRE_MOSQUITTO", ChoiceVariable = "BPNANO_FLEET_BROKER";
        private readonly IBrokerServer _server;

        private TestBroker(IBrokerServer server, int port)
        {
            _server = server;
            Port = port;
        }

        public int Port { get; }

        /// <summary>"mosquitto 2.0.11" or "MQTTnet.Server (in-process)".</summary>
        public string Kind => _server.Kind;

        /// <summary>The broker this machine and the two variables call for, started.</summary>
        public static TestBroker Start()
        {
            bool requireMosquitto = Environment.GetEnvironmentVariable(RequireMosquittoVariable) == "1";
            string choice = Environment.GetEnvironmentVariable(ChoiceVariable);
            if (choice == "inprocess")
            {
                if (requireMosquitto) Assert.Fail(ChoiceVariable + "=inprocess contradicts " + RequireMosquittoVariable + "=1");
                return StartInProcess();
            }
            if (!string.IsNullOrEmpty(choice) && choice != "mosquitto") Assert.Fail(ChoiceVariable + " must be mosquitto or inprocess, was '" + choice + "'");
            if (choice == "mosquitto" || requireMosquitto || MosquittoBroker.IsInstalled) return StartMosquitto();
            return StartInProcess();
        }

        /// <summary>A real Mosquitto; the test fails when it is not installed.</summary>
        public static TestBroker StartMosquitto()
        {
            int port = FreePort();
            return Started(MosquittoBroker.Create(port, User, Password), port);
        }

        public static TestBroker StartInProcess()
        {
            int port = FreePort();
            return Started(new InProcessBroker(port, User, Password), port);
        }

        /// <summary>The broker for bpnano's clients, with the test's credentials.</summary>
        public Broker For(string fleet) => Broker.Create("127.0.0.1", Port, User, Password, fleet);

        /// <summary>The options every bpnano fleet command takes to reach this broker (the password through the environment in real use).</summary>
        public string[] Options(string fleet) => new[] { "--broker", "127.0.0.1:" + Port, "--username", User, "--password", Password, "--fleet", fleet };

        /// <summary>Stops it: every client loses the connection.</summary>
        public void Stop() => _server.Stop();

        /// <summary>Stops and starts it again on the same port, as a broker restart (nothing retained survives).</summary>
        public void Restart()
        {
            _server.Stop();
            _server.Start();
        }

        public void Dispose() => _server.Dispose();

        private static TestBroker Started(IBrokerServer server, int port)
        {
            try
            {
                server.Start();
            }
            catch
            {
                // The failure (the broker exited, or never listened) is the test's; its temporary files are not left behind.
                server.Dispose();
                throw;
            }
            Console.WriteLine("fleet test broker: " + server.Kind + " on 127.0.0.1:" + port);
            return new TestBroker(server, port);
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
