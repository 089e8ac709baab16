namespace Backprop.Nano.Cli
{
    /// <summary>The sensor a training loop reads, as chosen by the options: the synthetic sensor, or a CSV recording.</summary>
    public sealed class SensorSource
    {
        private SensorSource(ISensor sensor, int targetChannel, int availableReadings, string description, int skippedRows)
        {
            Sensor = sensor;
            TargetChannel = targetChannel;
            AvailableReadings = availableReadings;
            Description = description;
            SkippedRows = skippedRows;
        }

        /// <summary>The sensor.</summary>
        public ISensor Sensor { get; }

        /// <summary>OnlineTrainerSettings.TargetChannel for this source: -1 unless --target chose a column.</summary>
        public int TargetChannel { get; }

        /// <summary>Readings the source can give; 0 when it never runs out.</summary>
        public int AvailableReadings { get; }

        /// <summary>What the readings are, for the summary.</summary>
        public string Description { get; }

        /// <summary>Rows of a recording skipped because they were not numbers.</summary>
        public int SkippedRows { get; }

        /// <summary>The source <paramref name="settings"/> asks for.</summary>
        /// <exception cref="CliException">the recording cannot be read or its columns do not exist.</exception>
        public static SensorSource Open(SessionSettings settings)
        {
            if (settings.Csv == null)
            {
                return new SensorSource(SyntheticSensor.CreateDefault(), -1, 0, "the synthetic sensor", 0);
            }
            CsvSensor csv = CsvSensor.Load(settings.Csv, settings.Columns, settings.Target);
            string description = settings.Csv + " (channels " + string.Join(", ", csv.ChannelNames)
                + (csv.TargetChannel >= 0 ? "; target " + csv.ChannelNames[csv.TargetChannel] : "") + ")";
            return new SensorSource(csv, csv.TargetChannel, csv.RowCount, description, csv.SkippedRows);
        }
    }
}
