using System;
using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;

namespace Backprop.Nano.Cli
{
    /// <summary>--broker, --username, --password, --tls and --fleet: the options of every command that talks to a fleet.</summary>
    internal interface IBrokerSettings
    {
        string Broker { get; }
        string Username { get; }
        string Password { get; }
        bool Tls { get; }
        string Fleet { get; }
    }

    /// <summary>
    /// How bpnano reaches a fleet's broker: the endpoint, the credentials (the password from --password or the
    /// BPNANO_MQTT_PASSWORD variable, never printed) and TLS, as MQTTnet client options.
    /// </summary>
    internal sealed class Broker
    {
        public const string PasswordVariable = "BPNANO_MQTT_PASSWORD";
        public const string DefaultFleet = "default";
        public const int DefaultPort = 1883, DefaultTlsPort = 8883;
        public const string BrokerDescription = "The MQTT broker, host:port (port 1883, 8883 with --tls, when left out).";
        public const string UsernameDescription = "The broker user name (a fleet's broker should refuse anonymous clients).";
        public const string PasswordDescription = "The broker password; better in the " + PasswordVariable + " environment variable, which ps and shell history do not show. Never printed.";
        public const string TlsDescription = "Connect with TLS (the broker's certificate must be trusted by this machine).";
        public const string FleetDescription = "The fleet: its topics are bpnano/FLEET/... . 1 to 64 characters, no '/', '+', '#' or spaces.";

        private Broker(string host, int port, string username, string password, bool tls, string fleet)
        {
            Host = host;
            Port = port;
            Username = username;
            Password = password;
            UseTls = tls;
            Fleet = fleet;
        }

        public string Host { get; }
        public int Port { get; }
        public string Username { get; }
        public bool UseTls { get; }
        public string Fleet { get; }

        // Kept out of ToString and every message.
        private string Password { get; }

        /// <summary>host:port, for messages (without the credentials).</summary>
        public override string ToString() => Host + ":" + Port.ToString(CultureInfo.InvariantCulture) + (UseTls ? " (TLS)" : "");

        /// <summary>What is wrong with the broker options, naming the option; null when nothing is.</summary>
        public static string FindProblem(IBrokerSettings settings)
        {
            if (string.IsNullOrWhiteSpace(settings.Broker)) return "--broker is required (host:port of the MQTT broker).";
            if (!TryParseEndpoint(settings.Broker, settings.Tls, out _, out _)) return "--broker must be host or host:port with a port from 1 to 65535, was '" + settings.Broker + "'.";
            if (settings.Fleet != null && !FleetTopics.IsValidName(settings.Fleet)) return "--fleet must be 1 to 64 characters without '/', '+', '#', spaces or control characters.";
            if (settings.Password != null && settings.Username == null) return "--password needs --username.";
            return null;
        }

        /// <summary>The broker the options name; the password from --password, else from <see cref="PasswordVariable"/>.</summary>
        public static Broker From(IBrokerSettings settings)
        {
            TryParseEndpoint(settings.Broker, settings.Tls, out string host, out int port);
            string password = settings.Password ?? (settings.Username != null ? Environment.GetEnvironmentVariable(PasswordVariable) : null);
            return new Broker(host, port, settings.Username, password, settings.Tls, settings.Fleet ?? DefaultFleet);
        }

        /// <summary>A broker given in code (tests, benchmarks).</summary>
        public static Broker Create(string host, int port, string username, string password, string fleet) =>
            new Broker(host, port, username, password, false, fleet);

        /// <summary>MQTTnet's options for a client named <paramref name="clientId"/>: MQTT 3.1.1 (what the board's client speaks), a clean session.</summary>
        public MqttClientOptions ClientOptions(string clientId)
        {
            MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
                .WithTcpServer(Host, Port)
                .WithClientId(clientId)
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithCleanSession(true)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                .WithTimeout(TimeSpan.FromSeconds(5));
            if (Username != null) builder = builder.WithCredentials(Username, Password ?? "");
            if (UseTls) builder = builder.WithTlsOptions(tls => tls.UseTls(true).WithTargetHost(Host));
            return builder.Build();
        }

        private static bool TryParseEndpoint(string text, bool tls, out string host, out int port)
        {
            host = text?.Trim();
            port = tls ? DefaultTlsPort : DefaultPort;
            if (string.IsNullOrEmpty(host)) return false;
            int colon = host.LastIndexOf(':');
            // An IPv6 address without a port has colons too: only "host:port" or "[v6]:port" carry one.
            if (colon > 0 && (host.IndexOf(':') == colon || host.StartsWith('[')))
            {
                if (!int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535) return false;
                host = host.Substring(0, colon).Trim('[', ']');
            }
            return host.Length > 0;
        }
    }
}
