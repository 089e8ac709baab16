using System;
using System.Collections.Generic;
using System.IO;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>monitor's CSV: time, session, a column per numeric key (new keys widen the file), a note for the rest.</summary>
    [TestClass]
    public class BoardCsvWriterTests
    {
        private string _path;

        [TestInitialize]
        public void Name() => _path = Path.Combine(Path.GetTempPath(), "bpnano-csv-" + Guid.NewGuid().ToString("N") + ".csv");

        [TestCleanup]
        public void Delete() => File.Delete(_path);

        private static readonly DateTimeOffset Noon = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.FromHours(1));

        [TestMethod]
        public void Report_values_go_into_their_columns_as_the_board_printed_them()
        {
            using (BoardCsvWriter writer = BoardCsvWriter.Open(_path, false))
            {
                writer.Write(Noon, 1, BoardLine.Pairs("step:1200 loss:0.0123 avg:8.86128e-6 us:850.5 skipped:3 stuck:7 recoveries:2 outliers:4 sensor_errors:5 save_errors:1"), null);
            }

            string[] lines = File.ReadAllLines(_path);
            Assert.AreEqual(string.Join(",", BoardCsvWriter.FixedColumns), lines[0]);
            Assert.AreEqual("2026-11-29T12:00:00.000+01:00,1,1200,0.0123,8.86128e-6,850.5,3,7,2,4,5,1,", lines[1]);
        }

        [TestMethod]
        public void A_new_key_adds_a_column_and_text_goes_into_the_note()
        {
            using (BoardCsvWriter writer = BoardCsvWriter.Open(_path, false))
            {
                writer.Write(Noon, 1, null, "# starting fresh, no checkpoint");
                writer.Write(Noon, 1, BoardLine.Pairs("inputs:2 train_us:52.1 fw:v1.2"), null);
            }

            string[] lines = File.ReadAllLines(_path);
            StringAssert.EndsWith(lines[0], ",note,inputs,train_us");
            StringAssert.EndsWith(lines[1], ",\"# starting fresh, no checkpoint\",,", "quoted: the note has a comma; the new columns empty in old rows");
            StringAssert.EndsWith(lines[2], ",fw:v1.2,2,52.1");
        }

        [TestMethod]
        public void Reopening_appends_and_numbers_sessions_on_but_a_foreign_file_needs_force()
        {
            using (BoardCsvWriter writer = BoardCsvWriter.Open(_path, false)) writer.Write(Noon, 3, BoardLine.Pairs("step:100 loss:1 avg:1 us:1"), null);
            using (BoardCsvWriter writer = BoardCsvWriter.Open(_path, false))
            {
                Assert.AreEqual(3, writer.LastSession);
                writer.Write(Noon, 4, BoardLine.Pairs("step:100 loss:1 avg:1 us:1"), null);
            }
            Assert.HasCount(3, File.ReadAllLines(_path), "one header, two rows");

            File.WriteAllText(_path, "a,b\n1,2\n");
            var refused = Assert.ThrowsExactly<CliException>(() => BoardCsvWriter.Open(_path, false));
            StringAssert.Contains(refused.Message, "not a bpnano monitor CSV");
            Assert.AreEqual("a,b\n1,2\n", File.ReadAllText(_path));
            using (BoardCsvWriter writer = BoardCsvWriter.Open(_path, true)) writer.Write(Noon, 1, null, "#");
            Assert.StartsWith("time,session,", File.ReadAllText(_path), "--force replaces it");
        }
    }
}
