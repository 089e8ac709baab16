using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

// The members of nanoFramework.M2Mqtt 5.1.218, nanoFramework.System.Device.Wifi 1.5.147,
// nanoFramework.System.Net 1.11.54 and nanoFramework.System.Threading 1.1.52 that the firmware's fleet
// link uses, declared with the upstream signatures (read at the release tags):
// nanoframework/nanoFramework.m2mqtt v5.1.218 (9a54dd5): M2Mqtt/MqttClient.cs, M2Mqtt/MqttSettings.cs,
//   nanoFramework.M2Mqtt.Core/IMqttClient.cs, MqttSslProtocols.cs, Messages/MqttQoSLevel.cs,
//   Messages/MqttReasonCode.cs, Messages/MqttMsgPublishEventArgs.cs, Messages/MqttMsgPublishedEventArgs.cs;
// nanoframework/System.Device.Wifi v1.5.147 (282a906): System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs,
//   WifiReconnectionKind.cs;
// nanoframework/System.Net v1.11.54 (713b02c): NetworkHelper/NetworkHelperStatus.cs,
//   X509Certificates/X509Certificate.cs;
// nanoframework/System.Threading v1.1.52 (866134e): Threading/CancellationToken.cs, CancellationTokenSource.cs.
// Publish is declared with all four upstream overloads so that overload resolution sees what it sees upstream.
// Upstream types the events with delegates nested in the IMqttClient interface (C# 8); C# 7.3 cannot nest
// a type in an interface, so the same delegates are nested in MqttClient here (upstream declares those too).
// The firmware subscribes with method groups and never names a delegate type, so it compiles the same
// against either. Bodies never run: this project only compiles.
namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols
    {
        None,
        SSLv3,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
        TLSv1_3,
    }

    public class MqttSettings
    {
        private MqttSettings() { }
        public int InflightQueueSize { get; set; }
        public static MqttSettings Instance { get { throw new NotImplementedException(); } }
    }

    public class MqttClient : IDisposable
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);
        public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) { throw new NotImplementedException(); }

        public event MqttMsgPublishEventHandler MqttMsgPublishReceived { add { throw new NotImplementedException(); } remove { throw new NotImplementedException(); } }
        public event MqttMsgPublishedEventHandler MqttMsgPublished { add { throw new NotImplementedException(); } remove { throw new NotImplementedException(); } }

        public bool IsConnected { get { throw new NotImplementedException(); } }

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel,
            bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod) { throw new NotImplementedException(); }
        public void Dispose() { throw new NotImplementedException(); }
        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) { throw new NotImplementedException(); }
        public ushort Publish(string topic, byte[] message) { throw new NotImplementedException(); }
        public ushort Publish(string topic, byte[] message, string contentType) { throw new NotImplementedException(); }
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties) { throw new NotImplementedException(); }
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) { throw new NotImplementedException(); }
    }
}

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    // Upstream lists MQTT 5's reason codes too; the firmware compares with Success and prints the number.
    public enum MqttReasonCode
    {
        Success = 0x00,
        ConnectionRefusedBadUserNameOrPassword = 0x04,
        ConnectionRefusedNotAuthorized = 0x05,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public string Topic { get { throw new NotImplementedException(); } }
        public byte[] Message { get { throw new NotImplementedException(); } }
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public ushort MessageId { get; set; }
    }
}

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic,
        Manual
    }
}

namespace nanoFramework.Networking
{
    public enum NetworkHelperStatus
    {
        None,
        Started,
        NetworkIsReady,
        FailedNoNetworkInterface,
        TokenExpiredWaitingIPAddress,
        TokenExpiredWaitingDateTime,
        ErrorConnetingToWiFiWhileScanning,
        ExceptionOccurred,
        Reconnecting
    }

    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status { get { throw new NotImplementedException(); } }
        public static bool ConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, System.Threading.CancellationToken token = default(System.Threading.CancellationToken)) { throw new NotImplementedException(); }
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(string certificate) { throw new NotImplementedException(); }
    }
}

namespace System.Threading
{
    public struct CancellationToken
    {
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource(int millisecondsDelay) { throw new NotImplementedException(); }
        public CancellationToken Token { get { throw new NotImplementedException(); } }
        public void Dispose() { throw new NotImplementedException(); }
    }
}
