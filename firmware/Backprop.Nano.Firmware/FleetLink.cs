using System;
using System.Device.Wifi;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using nanoFramework.Networking;

namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// The board's side of the fleet: Wi-Fi, the MQTT broker, the report and model topics out, the global
    /// model in. Connecting happens on a thread of its own, so the training loop never waits for the
    /// network; while the broker is gone the board trains on and its link retries with a doubling delay.
    /// Topics and payloads are the library's (FleetTopics, ModelPayload, GlobalModelReceiver).
    /// </summary>
    /// <remarks>
    /// Threads: <see cref="Attach"/>, <see cref="Poll"/> and <see cref="PublishReport"/> run on the training
    /// thread, which is the only one that writes to the UART or touches the network's weights; M2Mqtt's
    /// callbacks only copy into buffers under <c>_lock</c> and set flags. The Wi-Fi and broker passwords
    /// are handed to the libraries and never put into any text this class writes; an exception is shown
    /// by its type only, since a library's message is not ours to vouch for.
    /// </remarks>
    public sealed class FleetLink
    {
        // 1 s doubling to 60 s: a broker restart is back within seconds, a long outage costs one attempt a minute.
        private const int FirstRetryMilliseconds = 1000;
        private const int LastRetryMilliseconds = 60000;
        private const int WifiTimeoutMilliseconds = 30000;
        private const int ConnectedCheckMilliseconds = 1000;
        private const ushort KeepAliveSeconds = 60;
        // M2Mqtt's default queue is unbounded: on a slow link it would grow until the heap runs out.
        private const int InflightQueueSize = 8;

        private readonly FirmwareSettings _settings;
        private readonly IReportSink _uart;
        private readonly string _reportTopic;
        private readonly string _modelTopic;
        private readonly string _globalTopic;
        private readonly X509Certificate _caCertificate;
        private readonly object _lock = new object();

        // Guarded by _lock.
        private MqttClient _client;
        private string _status;
        private byte[] _globalBuffer;
        private int _globalLength;
        private bool _globalPending;
        private bool _modelInFlight;
        private ushort _modelMessageId;

        // Training thread only.
        private OnlineTrainer _trainer;
        private FleetMember _member;
        private long _nextModelStep;
        private bool _learning;
        private Thread _thread;

        // Link thread only.
        private bool _wifiUp;

        /// <summary>
        /// Checks the fleet settings (names, interval, blend, certificate) and builds the topics; connects
        /// nothing yet. Comments for the UART go to <paramref name="uart"/>, always from the training thread.
        /// </summary>
        public FleetLink(FirmwareSettings settings, IReportSink uart)
        {
            if (settings == null) throw new ArgumentNullException("settings");
            if (uart == null) throw new ArgumentNullException("uart");
            if (settings.WifiSsid == null || settings.WifiSsid.Length == 0) throw new ArgumentException("FleetEnabled needs WifiSsid.", "settings");
            if (settings.BrokerHost == null || settings.BrokerHost.Length == 0) throw new ArgumentException("FleetEnabled needs BrokerHost.", "settings");
            if (settings.ModelPublishInterval < 1) throw new ArgumentOutOfRangeException("ModelPublishInterval", "ModelPublishInterval must be at least 1.");
            float blend = settings.GlobalBlend;
            if (!(0f <= blend && blend <= 1f)) throw new ArgumentOutOfRangeException("GlobalBlend", "GlobalBlend must be in [0, 1].");
            _settings = settings;
            _uart = uart;
            _reportTopic = FleetTopics.Report(settings.FleetName, settings.DeviceName);
            _modelTopic = FleetTopics.Model(settings.FleetName, settings.DeviceName);
            _globalTopic = FleetTopics.Global(settings.FleetName);
            string pem = settings.BrokerCaCertificatePem;
            _caCertificate = pem != null && pem.Length > 0 ? new X509Certificate(pem) : null;
            MqttSettings.Instance.InflightQueueSize = InflightQueueSize;
        }

        /// <summary>Models published (handed to M2Mqtt; QoS 1, so the broker acknowledges each).</summary>
        public int ModelsPublished { get; private set; }

        /// <summary>Models not published because the previous one was still unacknowledged or the queue was full.</summary>
        public int ModelsSkipped { get; private set; }

        /// <summary>Report lines not published although connected (queue full, connection closing).</summary>
        public int ReportsDropped { get; private set; }

        /// <summary>Global payloads larger than any model of this shape, dropped before copying.</summary>
        public int GlobalsTooLarge { get; private set; }

        /// <summary>
        /// Points the link at <paramref name="trainer"/> (called again when the firmware rebuilds it):
        /// allocates the model and global buffers once, then starts the link thread on the first call.
        /// <paramref name="learning"/> false (the detector mode): reports only, no model out, no global model in.
        /// </summary>
        public void Attach(OnlineTrainer trainer, bool learning)
        {
            if (trainer == null) throw new ArgumentNullException("trainer");
            var member = new FleetMember(trainer, true);
            // A global model carries no standardizer, so any valid one fits in the board's own model size.
            var globalBuffer = new byte[member.ModelBuffer.Length];
            _trainer = trainer;
            _member = member;
            _learning = learning;
            _nextModelStep = trainer.Step + _settings.ModelPublishInterval;
            MqttClient client;
            lock (_lock)
            {
                _globalBuffer = globalBuffer;
                _globalPending = false;
                _modelInFlight = false;
                client = _client;
            }
            if (_thread == null)
            {
                _uart.Comment("# fleet " + _settings.FleetName + " device " + _settings.DeviceName + ", broker "
                    + _settings.BrokerHost + " port " + _settings.BrokerPort + (_caCertificate != null ? " with TLS" : "")
                    + ", model every " + _settings.ModelPublishInterval + " steps");
                _thread = new Thread(Run);
                _thread.Start();
            }
            else if (client != null)
            {
                // Subscribing again makes the broker send the retained global model to the rebuilt trainer.
                Subscribe(client);
            }
        }

        /// <summary>
        /// Between training steps, on the training thread: writes the link's latest news to the UART, takes a
        /// global model that arrived, and publishes the model when ModelPublishInterval steps have passed.
        /// Allocates nothing unless one of those happens (M2Mqtt allocates the packet it sends).
        /// </summary>
        public void Poll()
        {
            if (_trainer == null) return;
            string status;
            bool globalPending;
            lock (_lock)
            {
                status = _status;
                _status = null;
                globalPending = _globalPending;
            }
            if (status != null) _uart.Comment(status);
            if (!_learning) return;
            if (globalPending) TakeGlobal();
            if (_trainer.Step >= _nextModelStep) PublishModel();
        }

        /// <summary>
        /// Publishes one report line (the UART's text) to bpnano/&lt;fleet&gt;/&lt;device&gt;/report, QoS 0; while
        /// offline, nothing (the UART has it). Called by <see cref="FleetReportSink"/> on the training thread.
        /// </summary>
        public void PublishReport(string line)
        {
            if (_client == null) return;
            // One array per report, as the report's string already is: Publish sends a whole array.
            byte[] payload = Ascii(line);
            lock (_lock)
            {
                if (_client == null || !_client.IsConnected) return;
                try
                {
                    _client.Publish(_reportTopic, payload, null, null, MqttQoSLevel.AtMostOnce, false);
                }
                catch (Exception)
                {
                    ReportsDropped++;
                }
            }
        }

        private void TakeGlobal()
        {
            bool accepted;
            GlobalModelReceiver receiver = _member.Receiver;
            int rejected = receiver.Rejected, refused = _member.Refused;
            lock (_lock)
            {
                _globalPending = false;
                // Under the lock: a newer payload arriving meanwhile waits instead of overwriting this one mid-check.
                accepted = _member.TakeGlobal(_globalBuffer, 0, _globalLength, _settings.GlobalBlend);
            }
            if (accepted)
            {
                _uart.Comment("# fleet took global model round " + receiver.LastRound + " at step " + _trainer.Step);
            }
            else if (receiver.Rejected != rejected)
            {
                _uart.Comment("# fleet global model rejected (" + receiver.LastError + "), rejected " + receiver.Rejected);
            }
            else if (_member.Refused != refused)
            {
                _uart.Comment("# fleet global model refused: " + _member.LastRefusal + "; refused " + _member.Refused);
            }
        }

        private void PublishModel()
        {
            long step = _trainer.Step;
            _nextModelStep = step + _settings.ModelPublishInterval;
            lock (_lock)
            {
                if (_client == null || !_client.IsConnected) return;
                // M2Mqtt keeps the array until the broker's PUBACK (it resends from it), so it is not rewritten before.
                if (_modelInFlight)
                {
                    ModelsSkipped++;
                    return;
                }
                _member.WriteModel();
                try
                {
                    _modelMessageId = _client.Publish(_modelTopic, _member.ModelBuffer, null, null, MqttQoSLevel.AtLeastOnce, false);
                    _modelInFlight = true;
                    ModelsPublished++;
                }
                catch (Exception)
                {
                    ModelsSkipped++;
                }
            }
        }

        // The link thread: keeps Wi-Fi and the broker connected, waiting FirstRetry..LastRetry between failures.
        private void Run()
        {
            int delay = FirstRetryMilliseconds;
            while (true)
            {
                MqttClient client;
                lock (_lock)
                {
                    client = _client;
                }
                if (client != null && client.IsConnected)
                {
                    Thread.Sleep(ConnectedCheckMilliseconds);
                    continue;
                }
                if (client != null)
                {
                    Drop(client, "# fleet broker connection lost, training on offline");
                }
                bool connected;
                try
                {
                    connected = Connect();
                }
                catch (Exception e)
                {
                    // Whatever the Wi-Fi library throws, this thread must live on: it is the only one that reconnects.
                    Say("# fleet link error (" + Describe(e) + ")");
                    connected = false;
                }
                if (connected)
                {
                    delay = FirstRetryMilliseconds;
                    continue;
                }
                Say("# fleet retry in " + delay / 1000 + " s");
                Thread.Sleep(delay);
                delay = delay < LastRetryMilliseconds / 2 ? delay * 2 : LastRetryMilliseconds;
            }
        }

        private bool Connect()
        {
            bool tls = _caCertificate != null;
            if (!_wifiUp)
            {
                // Automatic: the ESP32 rejoins by itself after a drop, so this runs until it first succeeds.
                // TLS checks the certificate's dates, so then wait for the clock (SNTP) too.
                using (var timeout = new CancellationTokenSource(WifiTimeoutMilliseconds))
                {
                    if (!WifiNetworkHelper.ConnectDhcp(_settings.WifiSsid, _settings.WifiPassword,
                        WifiReconnectionKind.Automatic, tls, 0, timeout.Token))
                    {
                        Say("# fleet Wi-Fi not connected (NetworkHelperStatus " + (int)WifiNetworkHelper.Status + ")");
                        return false;
                    }
                }
                _wifiUp = true;
            }
            MqttClient client = null;
            try
            {
                // A new client for every connection: a closed M2Mqtt client is not reused.
                client = new MqttClient(_settings.BrokerHost, _settings.BrokerPort, tls, _caCertificate, null,
                    tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.MqttMsgPublishReceived += OnPublishReceived;
                client.MqttMsgPublished += OnPublished;
                string username = _settings.BrokerUsername;
                bool withLogin = username != null && username.Length > 0;
                MqttReasonCode code = client.Connect(_settings.DeviceName, withLogin ? username : null,
                    withLogin ? _settings.BrokerPassword : null, false, MqttQoSLevel.AtMostOnce, false, null, null,
                    true, KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    Drop(client, "# fleet broker refused the connection (reason " + (int)code + ")");
                    return false;
                }
                lock (_lock)
                {
                    _client = client;
                    _modelInFlight = false;
                }
                Subscribe(client);
                Say("# fleet connected to the broker");
                return true;
            }
            catch (Exception e)
            {
                Drop(client, "# fleet broker not reached (" + Describe(e) + ")");
                return false;
            }
        }

        private void Subscribe(MqttClient client)
        {
            try
            {
                client.Subscribe(new string[] { _globalTopic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            }
            catch (Exception e)
            {
                Say("# fleet subscribe failed (" + Describe(e) + ")");
            }
        }

        // Forgets and closes client (may be null) and leaves news for the UART.
        private void Drop(MqttClient client, string news)
        {
            lock (_lock)
            {
                if (_client == client) _client = null;
            }
            if (client != null)
            {
                try
                {
                    client.Dispose();
                }
                catch (Exception)
                {
                    // Closing a broken connection may throw; it is gone either way.
                }
            }
            Say(news);
        }

        private void Say(string news)
        {
            lock (_lock)
            {
                _status = news;
            }
        }

        // On M2Mqtt's dispatch thread: copy only; the training thread applies it between steps.
        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            if (e.Topic != _globalTopic) return;
            byte[] message = e.Message;
            lock (_lock)
            {
                if (_globalBuffer == null) return;
                if (message == null || message.Length > _globalBuffer.Length)
                {
                    GlobalsTooLarge++;
                    _status = "# fleet global model dropped, larger than a model of this shape";
                    return;
                }
                Array.Copy(message, 0, _globalBuffer, 0, message.Length);
                _globalLength = message.Length;
                _globalPending = true;
            }
        }

        // On M2Mqtt's dispatch thread: the model's PUBACK (or its final failure) frees the model buffer.
        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            lock (_lock)
            {
                if (_modelInFlight && e.MessageId == _modelMessageId && sender == _client) _modelInFlight = false;
            }
        }

        // The exception's type (and its cause's): never its message, which might quote a setting.
        private static string Describe(Exception e)
        {
            string text = e.GetType().Name;
            if (e.InnerException != null) text += " from " + e.InnerException.GetType().Name;
            return text;
        }

        // Report lines are ASCII (ReportLine); anything else becomes '?'.
        private static byte[] Ascii(string line)
        {
            var bytes = new byte[line.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                char c = line[i];
                bytes[i] = c < (char)128 ? (byte)c : (byte)'?';
            }
            return bytes;
        }
    }
}
