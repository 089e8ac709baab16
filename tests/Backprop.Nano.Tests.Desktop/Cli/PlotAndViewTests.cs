using System;
using System.IO;
using Backprop.Nano.Cli;
using Spectre.Console.Testing;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>The monitor's PNG, and the sparkline and live view of the terminal display.</summary>
    [TestClass]
    public class PlotAndViewTests
    {
        private static readonly string[] LossAndAvg = { "loss", "avg" };

        private static LossHistory FallingReports(int count)
        {
            var history = new LossHistory();
            for (int k = 0; k < count; k++)
            {
                history.Add(new TrainingReport { Step = (k + 1) * 100, Loss = 1f / (k + 1), AverageLoss = 2f / (k + 1), MicrosecondsPerStep = 10f });
            }
            return history;
        }

        private static PlotPoint[] Points(int count) => FallingReports(count).Snapshot().Points;

        [TestMethod]
        public void SavePng_writes_a_png_file()
        {
            string path = Path.Combine(Path.GetTempPath(), "bpnano-plot-" + Guid.NewGuid().ToString("N") + ".png");
            try
            {
                LossPlot.SavePng(LossAndAvg, Points(50), path, "test", 0, 400, 300);

                byte[] image = File.ReadAllBytes(path);
                CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, image[..8]);
                // The IHDR chunk: width and height, big-endian, at bytes 16..23.
                Assert.AreEqual(400, (image[16] << 24) | (image[17] << 16) | (image[18] << 8) | image[19]);
                Assert.AreEqual(300, (image[20] << 24) | (image[21] << 16) | (image[22] << 8) | image[23]);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void SavePng_refuses_nothing_to_plot_and_an_unwritable_path_with_a_clear_error()
        {
            var nothing = Assert.ThrowsExactly<CliException>(() => LossPlot.SavePng(LossAndAvg, Array.Empty<PlotPoint>(), "/tmp/unused.png", "test"));
            StringAssert.Contains(nothing.Message, "nothing to plot");

            var unwritable = Assert.ThrowsExactly<CliException>(() => LossPlot.SavePng(LossAndAvg, Points(3), "/nonexistent/dir/loss.png", "test"));
            StringAssert.Contains(unwritable.Message, "/nonexistent/dir/loss.png");
        }

        [TestMethod]
        public void Sparkline_of_a_falling_series_falls_and_fits_its_width()
        {
            var values = new double[1000];
            for (int k = 0; k < values.Length; k++) values[k] = Math.Pow(10, -4.0 * k / values.Length);

            string line = Sparkline.Render(values, 40, true);

            Assert.AreEqual(40, line.Length);
            Assert.AreEqual('█', line[0]);
            Assert.AreEqual('▁', line[39]);
            for (int k = 1; k < line.Length; k++) Assert.IsLessThanOrEqualTo(line[k - 1], line[k], "never rises, at " + k);
            Assert.AreEqual("▅▅▅", Sparkline.Render(new double[] { 5, 5, 5 }, 40, false), "a flat series is mid-height");
            Assert.AreEqual("█ ▁", Sparkline.Render(new double[] { 1, 0, 0.1 }, 40, true), "log of 0 cannot be drawn");
        }

        [TestMethod]
        public void Live_view_shows_the_latest_reports_and_the_avg_range()
        {
            var console = new TestConsole().Width(120);

            console.Write(LossView.Render(FallingReports(20).Snapshot(), "port /dev/ttyUSB0", 120));

            string screen = console.Output;
            StringAssert.Contains(screen, "port /dev/ttyUSB0");
            StringAssert.Contains(screen, "2000");
            Assert.DoesNotContain("│ 1400 ", screen, "only the latest 6 reports are listed");
            StringAssert.Contains(screen, "2 -> 0.1");
        }
    }
}
