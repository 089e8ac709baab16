using System;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>One broker behind <see cref="TestBroker"/>: listens on 127.0.0.1 at the port it was made with, only for the test's user and password.</summary>
    internal interface IBrokerServer : IDisposable
    {
        /// <summary>Which broker, for the test output: "mosquitto 2.0.11" or "MQTTnet.Server (in-process)".</summary>
        string Kind { get; }

        /// <summary>Starts listening; returns once a client can connect.</summary>
        void Start();

        /// <summary>Stops: every connection drops and nothing retained survives a later <see cref="Start"/>.</summary>
        void Stop();
    }
}
