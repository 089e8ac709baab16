#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class SampleRingTests
    {
        [TestMethod]
        public void Holds_the_newest_samples_oldest_first_and_overwrites_the_oldest()
        {
            var ring = new SampleRing(3, 2, 1);
            var x = new float[2];
            var d = new float[1];
            for (int k = 1; k <= 5; k++)
            {
                ring.Add(new float[] { k, 10 * k }, new float[] { -k });
                Assert.AreEqual(k < 3 ? k : 3, ring.Count, "Count after " + k);
            }
            // Samples 3, 4, 5 remain, oldest first.
            for (int age = 0; age < 3; age++)
            {
                ring.CopyTo(age, x, d);
                Assert.AreEqual(3f + age, x[0], "x[0] at age " + age);
                Assert.AreEqual(10f * (3 + age), x[1], "x[1] at age " + age);
                Assert.AreEqual(-(3f + age), d[0], "d at age " + age);
            }
        }

        [TestMethod]
        public void Copies_in_so_later_changes_to_the_callers_arrays_do_not_leak()
        {
            var ring = new SampleRing(2, 1, 1);
            var x = new float[] { 1f };
            var d = new float[] { 2f };
            ring.Add(x, d);
            x[0] = 99f;
            d[0] = 99f;
            var outX = new float[1];
            var outD = new float[1];
            ring.CopyTo(0, outX, outD);
            Assert.AreEqual(1f, outX[0], "x");
            Assert.AreEqual(2f, outD[0], "d");
        }

        [TestMethod]
        public void Rejects_bad_ages_sizes_and_lengths()
        {
            var ring = new SampleRing(2, 1, 1);
            Expect.ThrowsArgument("age", () => ring.CopyTo(0, new float[1], new float[1]), "empty ring");
            ring.Add(new float[1], new float[1]);
            Expect.ThrowsArgument("age", () => ring.CopyTo(1, new float[1], new float[1]), "age beyond Count");
            Expect.ThrowsArgument("x", () => ring.Add(new float[2], new float[1]), "long x");
            Expect.ThrowsArgument("capacity", () => new SampleRing(0, 1, 1), "capacity 0");
            ring.Clear();
            Assert.AreEqual(0, ring.Count, "Count after Clear");
        }
    }
}
