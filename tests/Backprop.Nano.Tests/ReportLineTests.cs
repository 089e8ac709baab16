#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class ReportLineTests
    {
        [TestMethod]
        public void Format_writes_the_documented_line()
        {
            var report = new TrainingReport { Step = 1200, Loss = 0.0123f, AverageLoss = 0.0187f, MicrosecondsPerStep = 850.5f, Skipped = 3, Outliers = 5, SaveErrors = 2,
                Prediction = 2101.5f, Actual = 2098f, Score = -0.42f, Alerts = 4 };
            Assert.AreEqual("step:1200 loss:0.0123 avg:0.0187 us:850.5 skipped:3 stuck:0 recoveries:0 outliers:5 sensor_errors:0 save_errors:2"
                + " pred:2101.5 actual:2098 score:-0.42 alerts:4",
                ReportLine.Format(report), "line");
        }

        [TestMethod]
        public void Lines_round_trip_to_six_significant_digits()
        {
            var random = new DeterministicRandom(8);
            var written = new TrainingReport();
            var read = new TrainingReport();
            for (int k = 0; k < 500; k++)
            {
                // Steps beyond 32 bits too: a trainer counts them in 64.
                written.Step = ((long)random.NextUInt() << (k % 21)) + k;
                written.Loss = Magnitude(random);
                written.AverageLoss = Magnitude(random);
                written.MicrosecondsPerStep = Magnitude(random);
                written.Skipped = k;
                written.Outliers = 3 * k;
                written.SensorErrors = 2 * k;
                written.SaveErrors = k / 7;
                written.Prediction = Magnitude(random);
                written.Actual = (k * 37) % 4096;
                written.Score = Magnitude(random);
                written.Alerts = k / 3;
                string line = ReportLine.Format(written);
                Assert.IsTrue(ReportLine.TryParse(line, read), "parses: " + line);
                Assert.AreEqual(written.Step, read.Step, line + " step");
                Assert.AreEqual(written.Skipped, read.Skipped, line + " skipped");
                Assert.AreEqual(written.Outliers, read.Outliers, line + " outliers");
                Assert.AreEqual(written.SensorErrors, read.SensorErrors, line + " sensor_errors");
                Assert.AreEqual(written.SaveErrors, read.SaveErrors, line + " save_errors");
                Assert.AreEqual(written.Alerts, read.Alerts, line + " alerts");
                Assert.AreEqual(written.Actual, read.Actual, line + " actual");
                Expect.Near(written.Prediction, read.Prediction, 0, 5e-6, line + " pred");
                Expect.Near(written.Score, read.Score, 0, 5e-6, line + " score");
                Expect.Near(written.Loss, read.Loss, 0, 5e-6, line + " loss");
                Expect.Near(written.AverageLoss, read.AverageLoss, 0, 5e-6, line + " avg");
                Expect.Near(written.MicrosecondsPerStep, read.MicrosecondsPerStep, 0, 5e-6, line + " us");
            }
        }

        [TestMethod]
        public void Non_finite_values_survive_the_round_trip()
        {
            var written = new TrainingReport { Step = 7, Loss = float.NaN, AverageLoss = float.PositiveInfinity, MicrosecondsPerStep = 0f };
            var read = new TrainingReport();
            string line = ReportLine.Format(written);
            Assert.AreEqual("step:7 loss:nan avg:inf us:0 skipped:0 stuck:0 recoveries:0 outliers:0 sensor_errors:0 save_errors:0"
                + " pred:0 actual:0 score:0 alerts:0", line, "line");
            Assert.IsTrue(ReportLine.TryParse(line + "\r\n", read), "parses with CRLF");
            Assert.IsTrue(float.IsNaN(read.Loss), "loss NaN");
            Assert.IsTrue(float.IsPositiveInfinity(read.AverageLoss), "avg inf");
        }

        [TestMethod]
        public void Malformed_lines_are_rejected_and_leave_the_report_alone()
        {
            string[] bad =
            {
                "", "step:1", "loss:1 avg:1 us:1", "step:x loss:1 avg:1 us:1", "step:1.5 loss:1 avg:1 us:1",
                "step:-1 loss:1 avg:1 us:1", "step:1 loss:1e avg:1 us:1", "step:1 loss:1..2 avg:1 us:1",
                "step:1  loss:1 avg:1 us:1", "step1 loss:1 avg:1 us:1", "step:1 loss:1 avg:1 us:1 skipped:-2",
                "step:1 loss:1 avg:1 us:1e9999", "# a comment", "step:1 loss:0x10 avg:1 us:1",
                "step:1 loss:1 avg:1 us:1 sensor_errors:1.5", "step:1 loss:1 avg:1 us:1 save_errors:-1",
            };
            var report = new TrainingReport { Step = 42 };
            for (int k = 0; k < bad.Length; k++)
            {
                Assert.IsFalse(ReportLine.TryParse(bad[k], report), "rejects '" + bad[k] + "'");
                Assert.AreEqual(42, report.Step, "unchanged by '" + bad[k] + "'");
            }
            Assert.IsTrue(ReportLine.TryParse("us:2 avg:1 extra:9 loss:3 step:5", report), "any order, unknown keys ignored");
            Assert.AreEqual(5, report.Step, "step");
        }

        [TestMethod]
        public void Lines_without_the_newer_counters_still_parse_with_zeros()
        {
            var report = new TrainingReport { Outliers = 9, SensorErrors = 9, SaveErrors = 9, Prediction = 9, Score = 9, Alerts = 9 };
            Assert.IsTrue(ReportLine.TryParse("step:100 loss:0.5 avg:0.6 us:40 skipped:0 stuck:0 recoveries:1", report), "a line of earlier firmware");
            Assert.AreEqual(1, report.Recoveries, "recoveries");
            Assert.AreEqual(0, report.Outliers, "outliers");
            Assert.AreEqual(0, report.SensorErrors, "sensor_errors");
            Assert.AreEqual(0, report.SaveErrors, "save_errors");
            Assert.AreEqual(0f, report.Prediction, "pred");
            Assert.AreEqual(0f, report.Score, "score");
            Assert.AreEqual(0, report.Alerts, "alerts");
        }

        [TestMethod]
        public void DecimalText_chooses_fixed_or_scientific_notation()
        {
            Assert.AreEqual("0", DecimalText.Format(0f), "0");
            Assert.AreEqual("1", DecimalText.Format(1f), "1");
            Assert.AreEqual("-2.5", DecimalText.Format(-2.5f), "-2.5");
            Assert.AreEqual("0.0001", DecimalText.Format(0.0001f), "1e-4");
            Assert.AreEqual("1.5e-5", DecimalText.Format(0.000015f), "1.5e-5");
            Assert.AreEqual("123457", DecimalText.Format(123456.7f), "123456.7");
            Assert.AreEqual("1e6", DecimalText.Format(999999.7f), "rounds up into the next decade");
            Assert.AreEqual("3.40282e38", DecimalText.Format(float.MaxValue), "MaxValue");
            Assert.AreEqual("-inf", DecimalText.Format(float.NegativeInfinity), "-inf");
        }

        // Values spread over many decades, both signs.
        private static float Magnitude(DeterministicRandom random)
        {
            float value = 1f + random.NextFloat();
            int decades = (int)(random.NextUInt() % 40) - 20;
            for (; decades > 0; decades--) value *= 10f;
            for (; decades < 0; decades++) value /= 10f;
            return random.NextFloat() < 0.5f ? -value : value;
        }
    }
}
