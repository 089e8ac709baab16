using System.Net;
using System.Threading.Tasks;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>
    /// What <see cref="MosquittoBroker"/>'s configuration asks of Mosquitto, from MQTTnet.Server in this process: a listener on
    /// 127.0.0.1 only, no anonymous clients, one user and password, no persistence (a new server per start, so a restart
    /// forgets retained messages). A refused client gets "not authorized", as from Mosquitto with MQTT 3.1.1.
    /// </summary>
    internal sealed class InProcessBroker : IBrokerServer
    {
        private readonly int _port;
        private readonly string _user, _password;
        private MqttServer _server;

        public InProcessBroker(int port, string user, string password)
        {
            _port = port;
            _user = user;
            _password = password;
        }

        public string Kind => "MQTTnet.Server (in-process)";

        public void Start()
        {
            MqttServerOptions options = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
                .WithDefaultEndpointPort(_port)
                .Build();
            MqttServer server = new MqttServerFactory().CreateMqttServer(options);
            server.ValidatingConnectionAsync += e =>
            {
                if (e.UserName != _user || e.Password != _password) e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                return Task.CompletedTask;
            };
            server.StartAsync().GetAwaiter().GetResult();
            _server = server;
        }

        public void Stop()
        {
            if (_server == null) return;
            _server.StopAsync().GetAwaiter().GetResult();
            _server.Dispose();
            _server = null;
        }

        public void Dispose() => Stop();
    }
}
