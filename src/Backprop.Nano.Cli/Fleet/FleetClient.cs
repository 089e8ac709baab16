using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// One MQTT connection of bpnano (the aggregator, the monitor, a simulated board) that stays connected: when the broker
    /// goes away it tries again after a pause that doubles up to a limit (with jitter, so a fleet does not reconnect in
    /// lockstep), subscribes again after each connection, and meanwhile publishing just fails (the caller counts it and goes
    /// on: a board keeps training offline). Messages arrive on MQTTnet's thread.
    /// </summary>
    internal sealed class FleetClient : IDisposable
    {
        private readonly Broker _broker;
        private readonly string _clientId;
        private readonly string[] _subscriptions;
        private readonly IMqttClient _client;
        private readonly TimeSpan _firstBackoff, _maximumBackoff;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Random _jitter;
        private Task _loop;
        private bool _disposed;
        // Written on the caller's thread before the loop starts, then only by the loop.
        private bool _everConnected;

        /// <summary>
        /// A client named <paramref name="clientId"/> plus this process's suffix (<see cref="ProcessSuffix"/>: two processes
        /// never share an MQTT client id, which would make the broker drop one for the other over and over), subscribing
        /// (QoS 1) to <paramref name="subscriptions"/>; <paramref name="onMessage"/> gets (topic, payload).
        /// </summary>
        public FleetClient(Broker broker, string clientId, string[] subscriptions, Action<string, byte[]> onMessage, TimeSpan firstBackoff, TimeSpan maximumBackoff)
        {
            _broker = broker;
            _clientId = clientId + "-" + ProcessSuffix;
            _subscriptions = subscriptions ?? Array.Empty<string>();
            _firstBackoff = firstBackoff;
            _maximumBackoff = maximumBackoff;
            _jitter = new Random(clientId.GetHashCode());
            _client = new MqttClientFactory().CreateMqttClient();
            if (onMessage != null)
            {
                _client.ApplicationMessageReceivedAsync += e =>
                {
                    onMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
                    return Task.CompletedTask;
                };
            }
        }

        /// <summary>Made once per process: its id and a random number, in hex.</summary>
        public static readonly string ProcessSuffix = Environment.ProcessId.ToString("x") + Random.Shared.Next(0x10000).ToString("x4");

        /// <summary>The client id used with the broker.</summary>
        public string ClientId => _clientId;

        /// <summary>A connection that lasted less than this and was then lost counts as taken over (see <see cref="TakenOver"/>).</summary>
        public static readonly TimeSpan ShortConnection = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Connections lost within <see cref="ShortConnection"/> of being made: the sign of another client connecting with the
        /// same client id (an MQTT 3.1.1 broker drops the older one without a word), reported in <see cref="Status"/>.
        /// </summary>
        public int TakenOver { get; private set; }

        /// <summary>Connections made after the first (each one after the broker went away).</summary>
        public int Reconnects { get; private set; }

        /// <summary>Publishes that failed because the broker could not be reached.</summary>
        public int FailedPublishes { get; private set; }

        public bool IsConnected => _client.IsConnected;

        /// <summary>What happened to the connection (connected, lost, refused), for a status line; set before <see cref="Connect"/>.</summary>
        public Action<string> Status { get; set; }

        /// <summary>
        /// Connects now, then keeps the connection in the background. A broker that refuses the credentials is an error
        /// (trying again would not help); one that cannot be reached is tried again in the background.
        /// </summary>
        /// <exception cref="CliException">the broker refused the connection (credentials, client id).</exception>
        public void Connect(CancellationToken cancel)
        {
            bool connected = TryConnect(cancel, out string refusal);
            if (refusal != null) throw new CliException(refusal);
            _everConnected = connected;
            if (!connected) Status?.Invoke("cannot reach the broker at " + _broker + "; trying again in the background");
            _loop = Task.Run(() => KeepConnected(_stop.Token));
        }

        /// <summary>Publishes with QoS 1 (at least once); false, counted in <see cref="FailedPublishes"/>, when not connected or the broker did not acknowledge.</summary>
        public bool Publish(string topic, byte[] payload, int count, bool retain, CancellationToken cancel)
        {
            if (!_client.IsConnected)
            {
                FailedPublishes++;
                return false;
            }
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayloadSegment(new ArraySegment<byte>(payload, 0, count))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                MqttClientPublishResult result = _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
                if (result.IsSuccess) return true;
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                // The broker went away mid-publish: the background loop reconnects.
            }
            FailedPublishes++;
            return false;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Cancel();
            try
            {
                _loop?.Wait(TimeSpan.FromSeconds(5));
                if (_client.IsConnected) _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).Wait(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (IsConnectionFailure(e) || e is AggregateException)
            {
                // Closing a connection that is already gone.
            }
            _client.Dispose();
            _stop.Dispose();
        }

        private void KeepConnected(CancellationToken stop)
        {
            TimeSpan backoff = _firstBackoff;
            bool wasConnected = _client.IsConnected;
            DateTime connectedAt = DateTime.UtcNow;
            while (!stop.IsCancellationRequested)
            {
                if (_client.IsConnected)
                {
                    backoff = _firstBackoff;
                    wasConnected = true;
                    if (stop.WaitHandle.WaitOne(50)) return;
                    continue;
                }
                if (wasConnected)
                {
                    TimeSpan lasted = DateTime.UtcNow - connectedAt;
                    if (lasted < ShortConnection)
                    {
                        TakenOver++;
                        Status?.Invoke("lost the broker at " + _broker + " " + lasted.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
                            + " s after connecting (" + TakenOver + " times): another client may be using the client id " + _clientId + "; reconnecting");
                    }
                    else
                    {
                        Status?.Invoke("lost the broker at " + _broker + "; reconnecting");
                    }
                    wasConnected = false;
                }
                if (TryConnect(stop, out string refusal))
                {
                    connectedAt = DateTime.UtcNow;
                    if (_everConnected) Reconnects++;
                    _everConnected = true;
                    Status?.Invoke((Reconnects > 0 ? "reconnected to " : "connected to ") + _broker);
                    continue;
                }
                if (refusal != null) Status?.Invoke(refusal);
                // Half to all of the backoff: many boards losing one broker must not all return in the same instant.
                double wait = backoff.TotalMilliseconds * (0.5 + 0.5 * _jitter.NextDouble());
                if (stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(wait))) return;
                backoff = TimeSpan.FromMilliseconds(Math.Min(_maximumBackoff.TotalMilliseconds, backoff.TotalMilliseconds * 2));
            }
        }

        // True when connected and subscribed; refusal says why the broker said no (null when it could not be reached at all).
        private bool TryConnect(CancellationToken cancel, out string refusal)
        {
            refusal = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                MqttClientConnectResult result = _client.ConnectAsync(_broker.ClientOptions(_clientId), timeout.Token).GetAwaiter().GetResult();
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    refusal = Refusal(result.ResultCode.ToString());
                    return false;
                }
                foreach (string filter in _subscriptions)
                {
                    MqttClientSubscribeOptions subscribe = new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build();
                    _client.SubscribeAsync(subscribe, timeout.Token).GetAwaiter().GetResult();
                }
                return true;
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                string code = ConnectResultCode(e);
                if (code != null) refusal = Refusal(code);
                return false;
            }
        }

        private string Refusal(string code) => "the broker at " + _broker + " refused the connection (" + code + ")"
            + (_broker.Username == null ? ": it may require --username and a password" : ": check --username and the password");

        // MQTTnet reports a refused CONNECT as an exception carrying the broker's result code.
        private static string ConnectResultCode(Exception e)
        {
            for (Exception inner = e; inner != null; inner = inner.InnerException)
            {
                object code = inner.GetType().GetProperty("ResultCode")?.GetValue(inner);
                if (code != null) return code.ToString();
            }
            return null;
        }

        private static bool IsConnectionFailure(Exception e) =>
            e is MQTTnet.Exceptions.MqttCommunicationException || e is OperationCanceledException || e is System.IO.IOException
            || e is System.Net.Sockets.SocketException || e is InvalidOperationException || e is ObjectDisposedException;
    }
}
