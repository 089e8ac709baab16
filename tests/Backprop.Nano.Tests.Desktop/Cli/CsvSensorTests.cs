using System;
using System.IO;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>Recorded readings as a sensor: column selection, supervised target, bad rows.</summary>
    [TestClass]
    public class CsvSensorTests
    {
        private const string Recording =
            "time,temp,light\n" +
            "0,20.5,300\n" +
            "1,21,310\n" +
            "\n" +
            "# a note in the recording\n" +
            "2,n/a,320\n" +      // not a number: skipped
            "3,22.25\n" +        // light missing: skipped
            "4,\"23\",330\n" +
            "5,2.4e1,340\n";

        private static CsvSensor Parse(string text, string columns, string target)
        {
            return CsvSensor.Parse(new StringReader(text), columns, target, "test.csv");
        }

        private static float[][] ReadAll(CsvSensor sensor)
        {
            var rows = new float[sensor.RowCount][];
            for (int k = 0; k < rows.Length; k++)
            {
                rows[k] = new float[sensor.ChannelCount];
                sensor.Read(rows[k]);
            }
            return rows;
        }

        [TestMethod]
        public void Columns_selected_by_name_come_in_the_order_given()
        {
            CsvSensor sensor = Parse(Recording, "light,temp", null);

            Assert.AreEqual(2, sensor.ChannelCount);
            CollectionAssert.AreEqual(new[] { "light", "temp" }, sensor.ChannelNames);
            Assert.AreEqual(-1, sensor.TargetChannel);
            float[][] rows = ReadAll(sensor);
            Assert.HasCount(4, rows);
            CollectionAssert.AreEqual(new[] { 300f, 20.5f }, rows[0]);
            CollectionAssert.AreEqual(new[] { 310f, 21f }, rows[1]);
            CollectionAssert.AreEqual(new[] { 330f, 23f }, rows[2]);
            CollectionAssert.AreEqual(new[] { 340f, 24f }, rows[3]);
        }

        [TestMethod]
        public void Columns_selected_by_index_equal_the_same_columns_by_name()
        {
            float[][] byIndex = ReadAll(Parse(Recording, "2, 1", null));
            float[][] byName = ReadAll(Parse(Recording, "light,temp", null));

            Assert.HasCount(byName.Length, byIndex);
            for (int k = 0; k < byName.Length; k++) CollectionAssert.AreEqual(byName[k], byIndex[k], "row " + k);
        }

        [TestMethod]
        public void Bad_rows_are_skipped_and_counted_blank_and_comment_lines_are_not()
        {
            CsvSensor sensor = Parse(Recording, "temp,light", null);

            Assert.AreEqual(2, sensor.SkippedRows);
            Assert.AreEqual(4, sensor.RowCount);
        }

        [TestMethod]
        public void A_row_missing_only_an_unselected_column_is_kept()
        {
            CsvSensor sensor = Parse(Recording, "time,temp", null);

            Assert.AreEqual(1, sensor.SkippedRows, "only the n/a row");
            Assert.AreEqual(5, sensor.RowCount);
        }

        [TestMethod]
        public void All_columns_by_default_and_the_target_becomes_a_channel()
        {
            CsvSensor all = Parse(Recording, null, "light");
            Assert.AreEqual(3, all.ChannelCount);
            Assert.AreEqual(2, all.TargetChannel);

            CsvSensor added = Parse(Recording, "temp", "light");
            CollectionAssert.AreEqual(new[] { "temp", "light" }, added.ChannelNames);
            Assert.AreEqual(1, added.TargetChannel);

            CsvSensor inside = Parse(Recording, "light,temp", "1");
            Assert.AreEqual(1, inside.TargetChannel, "index 1 is temp, the second selected column");
        }

        [TestMethod]
        public void Without_a_header_columns_are_indexes()
        {
            CsvSensor sensor = Parse("1,2,3\n4,5,6\n7,8,x\n", "2,0", null);

            Assert.AreEqual(1, sensor.SkippedRows);
            float[][] rows = ReadAll(sensor);
            CollectionAssert.AreEqual(new[] { 3f, 1f }, rows[0]);
            CollectionAssert.AreEqual(new[] { 6f, 4f }, rows[1]);
            CollectionAssert.AreEqual(new[] { "column 2", "column 0" }, sensor.ChannelNames);
        }

        [TestMethod]
        public void Unknown_or_out_of_range_columns_are_errors_that_name_the_choices()
        {
            var unknown = Assert.ThrowsExactly<CliException>(() => Parse(Recording, "temp,humidity", null));
            StringAssert.Contains(unknown.Message, "humidity");
            StringAssert.Contains(unknown.Message, "time, temp, light");

            var range = Assert.ThrowsExactly<CliException>(() => Parse(Recording, "3", null));
            StringAssert.Contains(range.Message, "0..2");

            var noHeader = Assert.ThrowsExactly<CliException>(() => Parse("1,2\n3,4\n", "temp", null));
            StringAssert.Contains(noHeader.Message, "no header");

            var alone = Assert.ThrowsExactly<CliException>(() => Parse(Recording, "light", "light"));
            StringAssert.Contains(alone.Message, "--target");

            Assert.ThrowsExactly<CliException>(() => Parse("a,b\nx,y\n", null, null), "no usable row");
        }

        [TestMethod]
        public void Non_finite_values_reach_the_trainer_which_counts_them()
        {
            CsvSensor sensor = Parse("v\n1\nnan\ninf\nNaN\n2\n", null, null);

            Assert.AreEqual(0, sensor.SkippedRows, "nan and inf are numbers");
            float[][] rows = ReadAll(sensor);
            Assert.IsTrue(float.IsNaN(rows[1][0]));
            Assert.IsTrue(float.IsPositiveInfinity(rows[2][0]));
        }

        [TestMethod]
        public void Reading_past_the_last_row_throws_instead_of_wrapping()
        {
            CsvSensor sensor = Parse("v\n1\n2\n", null, null);
            ReadAll(sensor);

            Assert.ThrowsExactly<InvalidOperationException>(() => sensor.Read(new float[1]));
        }
    }
}
