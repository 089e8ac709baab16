using System;
using System.Threading;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>
    /// What the fleet tests rely on from their broker, checked on the in-process one everywhere and on the one
    /// <see cref="TestBroker.Start"/> picks (Mosquitto where installed, so on CI): strangers refused with the same answer,
    /// QoS 1 acknowledged, a retained message delivered to a later subscriber, and a restart on the same port that
    /// drops every client and forgets what was retained.
    /// </summary>
    [TestClass]
    public class TestBrokerTests
    {
        [TestMethod]
        [DataRow(true, DisplayName = "MQTTnet.Server (in-process)")]
        [DataRow(false, DisplayName = "the broker this machine picks")]
        public void The_broker_refuses_strangers_keeps_retained_messages_and_forgets_them_on_a_restart(bool inProcess)
        {
            using TestBroker broker = inProcess ? TestBroker.StartInProcess() : TestBroker.Start();
            foreach ((string user, string password) in new[] { ((string)null, (string)null), (TestBroker.User, "wrong-password-42") })
            {
                using var stranger = new FleetClient(Broker.Create("127.0.0.1", broker.Port, user, password, "b"), "stranger", null, null,
                    TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
                var refused = (CliException)Expect.Throws(typeof(CliException), () => stranger.Connect(CancellationToken.None), broker.Kind + ": connect as " + (user ?? "anonymous"));
                StringAssert.Contains(refused.Message, "refused the connection (NotAuthorized)", broker.Kind);
            }

            byte[] message = { 1, 2, 3 };
            using var publisher = new FleetClient(broker.For("b"), "publisher", null, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
            publisher.Connect(CancellationToken.None);
            Assert.IsTrue(publisher.Publish(FleetTopics.Global("b"), message, message.Length, true, CancellationToken.None), broker.Kind + ": QoS 1 acknowledged");
            CollectionAssert.AreEqual(message, FleetBrokerTests.RetainedGlobal(broker, "b"), broker.Kind + ": retained for a later subscriber");

            broker.Restart();
            BackgroundRun.WaitUntil(() => publisher.Reconnects >= 1, 10, () => broker.Kind + ": the publisher lost the broker and reconnected on the same port");
            Assert.IsNull(FleetBrokerTests.RetainedGlobal(broker, "b"), broker.Kind + ": nothing retained survives a restart");
        }
    }
}
