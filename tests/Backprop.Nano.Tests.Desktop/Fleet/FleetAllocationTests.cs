using System;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>Desktop only: what a board runs for the fleet allocates nothing once constructed (a rejection may: its message).</summary>
    [TestClass]
    public class FleetAllocationTests
    {
        [TestMethod]
        public void Writing_a_model_payload_and_taking_or_ignoring_a_global_model_allocate_nothing()
        {
            var board = new TwoLayerNetwork(8, 16, 1, Activation.Tanh, Activation.Identity);
            var global = new TwoLayerNetwork(8, 16, 1, Activation.Tanh, Activation.Identity);
            global.Initialize(7);
            var receiver = new GlobalModelReceiver(board);
            var payload = new byte[ModelPayload.SizeFor(board, null)];
            var globals = new byte[2][];
            for (int k = 0; k < 2; k++)
            {
                globals[k] = new byte[payload.Length];
                ModelPayload.WriteGlobal(globals[k], 0, global, 100, (uint)(k + 1));
            }
            ModelPayload.Write(payload, 0, board, null, 1, 1);
            receiver.Apply(globals[0], 0, payload.Length, 0.5f);

            int taken = 0, ignored = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 0; round < 1000; round++)
            {
                ModelPayload.Write(payload, 0, board, null, 100 + round, 100);
                byte[] next = globals[(round + 1) % 2];
                // Rounds alternate, so each is new (taken, blended or replaced); the same one again is ignored.
                if (receiver.Apply(next, 0, next.Length, round % 2 == 0 ? 1f : 0.5f)) taken++;
                if (!receiver.Apply(next, 0, next.Length, 1f)) ignored++;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(1000, taken, "taken");
            Assert.AreEqual(1000, ignored, "ignored");
            Assert.AreEqual(0L, allocated, "bytes allocated over 1000 rounds");
            Assert.AreEqual(1001, receiver.Accepted, "accepted");
            Assert.AreEqual(1000, receiver.Repeated, "repeated");
        }
    }
}
