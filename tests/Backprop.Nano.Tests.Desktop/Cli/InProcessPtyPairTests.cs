using System.IO;
using System.IO.Ports;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>The socat-free pseudo-terminal pair carries bytes both ways between two SerialPorts, so the fallback the serial tests use without socat is tested everywhere.</summary>
    [TestClass]
    public class InProcessPtyPairTests
    {
        [TestMethod]
        public void Lines_written_to_one_end_are_read_at_the_other_both_ways()
        {
            string directory = Directory.CreateTempSubdirectory("bpnano-pty-").FullName;
            try
            {
                using var pair = InProcessPtyPair.Start(directory);
                using var a = new SerialPort(pair.PortA, 115200) { NewLine = "\n", ReadTimeout = 5000 };
                using var b = new SerialPort(pair.PortB, 115200) { NewLine = "\n", ReadTimeout = 5000 };
                a.Open();
                b.Open();
                a.WriteLine("step:100 loss:0.5 avg:0.5 us:1");
                Assert.AreEqual("step:100 loss:0.5 avg:0.5 us:1", b.ReadLine());
                b.WriteLine("# back");
                Assert.AreEqual("# back", a.ReadLine());
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
