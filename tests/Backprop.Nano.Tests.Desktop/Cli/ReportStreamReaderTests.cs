using System;
using System.Collections.Generic;
using System.Text;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>The monitor's byte-stream parser against what a real UART delivers: noise, cut lines, odd line ends.</summary>
    [TestClass]
    public class ReportStreamReaderTests
    {
        private readonly List<TrainingReport> _reports = new List<TrainingReport>();

        private ReportStreamReader NewReader(int maxLineLength = ReportStreamReader.DefaultMaxLineLength)
        {
            return new ReportStreamReader(new ActionReportSink(report =>
            {
                var copy = new TrainingReport();
                copy.CopyFrom(report);
                _reports.Add(copy);
            }), maxLineLength);
        }

        private static TrainingReport Report(int step, float loss)
        {
            return new TrainingReport { Step = step, Loss = loss, AverageLoss = loss * 1.5f, MicrosecondsPerStep = 850.5f, Skipped = step % 7 };
        }

        private static void FeedInRandomChunks(ReportStreamReader reader, byte[] bytes, Random random, int maxChunk)
        {
            for (int offset = 0; offset < bytes.Length;)
            {
                int count = Math.Min(bytes.Length - offset, random.Next(1, maxChunk + 1));
                reader.Feed(bytes, offset, count);
                offset += count;
            }
        }

        private void AssertRecovered(List<TrainingReport> expected)
        {
            Assert.HasCount(expected.Count, _reports, "reports recovered");
            for (int k = 0; k < expected.Count; k++)
            {
                Assert.AreEqual(ReportLine.Format(expected[k]), ReportLine.Format(_reports[k]), "report " + k);
            }
        }

        [TestMethod]
        public void Random_bytes_never_throw_never_make_reports_and_stay_bounded()
        {
            var random = new Random(12345);
            var bytes = new byte[200_000];
            random.NextBytes(bytes);
            ReportStreamReader reader = NewReader();

            FeedInRandomChunks(reader, bytes, random, 300);

            Assert.IsEmpty(_reports, "no report in random bytes");
            Assert.AreEqual(0, reader.Reports);
            Assert.IsGreaterThan(100_000L, reader.GarbageBytes, "most random bytes are not printable ASCII");
            Assert.IsGreaterThan(0, reader.MalformedLines, "random bytes contain line ends, so malformed lines");
            Assert.IsLessThanOrEqualTo(reader.MaxLineLength, reader.PendingLength);
        }

        [TestMethod]
        public void Binary_noise_between_valid_lines_loses_no_report()
        {
            var random = new Random(2024);
            var expected = new List<TrainingReport>();
            var stream = new List<byte>();
            for (int k = 1; k <= 300; k++)
            {
                // Noise of any byte but '#': a '#' right after a line end would make the rest of that line a
                // comment by definition, report or not.
                int noiseLength = random.Next(0, 80);
                for (int n = 0; n < noiseLength; n++)
                {
                    byte b;
                    do b = (byte)random.Next(256); while (b == (byte)'#');
                    stream.Add(b);
                }
                // Half the time the noise ends its own line; otherwise it runs straight into the report.
                if (random.Next(2) == 0) stream.Add((byte)'\n');
                TrainingReport report = Report(k * 100, 1f / k);
                expected.Add(report);
                stream.AddRange(Encoding.ASCII.GetBytes(ReportLine.Format(report) + "\n"));
            }
            ReportStreamReader reader = NewReader();

            FeedInRandomChunks(reader, stream.ToArray(), random, 64);

            AssertRecovered(expected);
            Assert.AreEqual(300, reader.Reports);
            Assert.IsGreaterThan(1000L, reader.GarbageBytes);
        }

        [TestMethod]
        public void Overlong_lines_are_cut_counted_and_hold_no_more_than_the_bound()
        {
            ReportStreamReader reader = NewReader(512);
            var first = Report(100, 0.5f);
            var second = Report(200, 0.25f);

            reader.Feed(ReportLine.Format(first) + "\n");
            // One megabyte without a line end: memory must stay bounded while it streams in.
            string chunk = new string('x', 4096);
            for (int k = 0; k < 256; k++)
            {
                reader.Feed(chunk);
                Assert.IsLessThanOrEqualTo(512, reader.PendingLength, "pending characters after chunk " + k);
            }
            // The overlong line ends here; a report glued to its tail is part of it and lost.
            reader.Feed(ReportLine.Format(Report(150, 1f)) + "\n");
            // A line of exactly the bound is still read.
            string exact = ReportLine.Format(second);
            exact = exact + new string(' ', 512 - exact.Length);
            reader.Feed(exact + "\n");

            AssertRecovered(new List<TrainingReport> { first, second });
            Assert.AreEqual(1, reader.OverlongLines);
            Assert.AreEqual(1, reader.MalformedLines);
        }

        [TestMethod]
        public void Lines_with_missing_keys_or_bad_values_are_counted_as_malformed()
        {
            ReportStreamReader reader = NewReader();
            string[] malformed =
            {
                "step:100 loss:0.5 avg:0.4",                   // us missing
                "loss:0.5 avg:0.4 us:10 skipped:0",            // step missing
                "step:abc loss:0.5 avg:0.4 us:10 skipped:0",   // not a number
                "step:100 loss:0.5x avg:0.4 us:10 skipped:0",  // trailing junk in a value
                "step:100 loss: avg:0.4 us:10 skipped:0",      // empty value
                "step:-5 loss:0.5 avg:0.4 us:10 skipped:0",    // negative count
                "step:1.5 loss:0.5 avg:0.4 us:10 skipped:0",   // fractional count
                "step:100 loss:0.5 avg:0.4 us:10 skipped:0 oops",  // a token without a colon
                "hello world",
                "Guru Meditation Error: Core  1 panic'ed (LoadProhibited)",
            };
            var valid = Report(300, 0.125f);

            foreach (string line in malformed) reader.Feed(line + "\n");
            reader.Feed(ReportLine.Format(valid) + "\n");
            // Unknown keys are allowed, so that the device can add some.
            reader.Feed("step:400 loss:0.1 avg:0.2 us:5 skipped:1 temp:25.5\n");

            Assert.AreEqual(malformed.Length, reader.MalformedLines);
            Assert.AreEqual(2, reader.Reports);
            Assert.AreEqual(300, _reports[0].Step);
            Assert.AreEqual(400, _reports[1].Step);
            Assert.AreEqual(1, _reports[1].Skipped);
        }

        [TestMethod]
        public void Comment_lines_are_counted_apart_from_malformed_ones()
        {
            ReportStreamReader reader = NewReader();

            reader.Feed("# Backprop.Nano firmware 0.1\n#\n" + ReportLine.Format(Report(100, 1f)) + "\n# checkpoint saved\n\n\n");

            Assert.AreEqual(3, reader.CommentLines);
            Assert.AreEqual(0, reader.MalformedLines);
            Assert.AreEqual(1, reader.Reports);
        }

        [TestMethod]
        public void CRLF_CR_and_LF_line_ends_all_work()
        {
            ReportStreamReader reader = NewReader();
            var expected = new List<TrainingReport> { Report(100, 0.5f), Report(200, 0.25f), Report(300, 0.125f) };

            reader.Feed(ReportLine.Format(expected[0]) + "\r\n" + ReportLine.Format(expected[1]) + "\r" + ReportLine.Format(expected[2]) + "\n");

            AssertRecovered(expected);
            Assert.AreEqual(0, reader.MalformedLines);
        }

        [TestMethod]
        public void A_line_split_across_reads_at_any_point_is_read_once()
        {
            var expected = new List<TrainingReport> { Report(100, 0.5f), Report(200, 0.25f) };
            byte[] bytes = Encoding.ASCII.GetBytes(ReportLine.Format(expected[0]) + "\r\n" + ReportLine.Format(expected[1]) + "\r\n");
            for (int split = 0; split <= bytes.Length; split++)
            {
                _reports.Clear();
                ReportStreamReader reader = NewReader();

                reader.Feed(bytes, 0, split);
                reader.Feed(bytes, split, bytes.Length - split);

                AssertRecovered(expected);
                Assert.AreEqual(0, reader.MalformedLines, "split at " + split);
            }

            _reports.Clear();
            ReportStreamReader byteByByte = NewReader();
            foreach (byte b in bytes) byteByByte.Feed(new[] { b }, 0, 1);
            AssertRecovered(expected);
        }

        [TestMethod]
        public void An_unfinished_line_is_not_reported_until_its_end_arrives()
        {
            ReportStreamReader reader = NewReader();
            string line = ReportLine.Format(Report(100, 0.5f));

            reader.Feed(line);
            Assert.AreEqual(0, reader.Reports, "no line end yet");
            Assert.AreEqual(line.Length, reader.PendingLength);

            reader.Feed("\n");
            Assert.AreEqual(1, reader.Reports);
            Assert.AreEqual(0, reader.PendingLength);
        }

        [TestMethod]
        public void Feed_rejects_a_range_outside_the_buffer()
        {
            ReportStreamReader reader = NewReader();
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => reader.Feed(new byte[4], 2, 3));
            Assert.ThrowsExactly<ArgumentNullException>(() => reader.Feed(null, 0, 0));
        }
    }
}
