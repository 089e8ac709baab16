using System.Collections.Generic;
using System.Linq;
using System.Text;
using Backprop.Nano.Cli;
using CsCheck;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>
    /// Property-based (CsCheck): the monitor's parser fed random lines and bytes never throws,
    /// stays within its line bound, and recovers every report line however it is surrounded.
    /// </summary>
    [TestClass]
    public class ReportStreamReaderPropertyTests
    {
        public const int Iterations = 5_000;

        [TestMethod]
        public void Random_bytes_and_lines_only_ever_count_as_reports_comments_or_malformed()
        {
            Gen<byte[]> bytes = Gen.OneOf(Gen.Byte.Array[0, 3000], Gen.String[Gen.Char, 0, 600].Select(s => Encoding.Latin1.GetBytes(s + "\n")));
            bytes.Sample(data =>
            {
                var reports = new List<TrainingReport>();
                var reader = new ReportStreamReader(new ActionReportSink(r => reports.Add(Copy(r))));
                reader.Feed(data, 0, data.Length);
                int lineEnds = data.Count(b => b == '\n' || b == '\r');
                Assert.IsLessThanOrEqualTo(lineEnds, reader.Reports + reader.MalformedLines + reader.CommentLines, "at most one verdict per line end");
                Assert.IsLessThanOrEqualTo(reader.MaxLineLength, reader.PendingLength);
                Assert.AreEqual(reader.Reports, reports.Count);
                foreach (TrainingReport report in reports) Assert.IsTrue(ReportLine.TryParse(ReportLine.Format(report), new TrainingReport()));
            }, iter: Iterations, threads: 1);
        }

        [TestMethod]
        public void Every_report_line_is_recovered_between_arbitrary_garbage_lines()
        {
            // Garbage without ':' cannot itself look like a report; it may hold line ends, '#', anything else.
            Gen<byte[]> garbage = Gen.Byte.Array[0, 120].Select(b => b.Where(x => x != (byte)':').ToArray());
            Gen<TrainingReport> report = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Float, Gen.Float, Gen.Float[0f, 1e9f], Gen.Int[0, 1000])
                .Select((step, loss, avg, us, skipped) => new TrainingReport { Step = step, Loss = loss, AverageLoss = avg, MicrosecondsPerStep = us, Skipped = skipped });
            Gen.Select(garbage, report).List[1, 20].Sample(items =>
            {
                var stream = new List<byte>();
                foreach (var (noise, r) in items)
                {
                    stream.AddRange(noise);
                    stream.Add((byte)'\n');
                    stream.AddRange(Encoding.ASCII.GetBytes(ReportLine.Format(r) + "\n"));
                }
                var recovered = new List<string>();
                var reader = new ReportStreamReader(new ActionReportSink(r => recovered.Add(ReportLine.Format(r))));
                byte[] data = stream.ToArray();
                reader.Feed(data, 0, data.Length);
                CollectionAssert.AreEqual(items.Select(i => ReportLine.Format(i.Item2)).ToList(), recovered);
            }, iter: Iterations, threads: 1);
        }

        private static TrainingReport Copy(TrainingReport report)
        {
            var copy = new TrainingReport();
            copy.CopyFrom(report);
            return copy;
        }
    }
}
