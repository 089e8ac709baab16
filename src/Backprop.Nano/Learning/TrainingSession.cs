namespace Backprop.Nano
{
    /// <summary>
    /// The firmware's main loop, shared so that the desktop CLI runs exactly the same thing:
    /// read the sensor, hand the reading to the trainer, wait for the next sample time,
    /// checkpoint every CheckpointInterval steps.
    /// </summary>
    /// <remarks>
    /// A board has nobody to restart it, so no single failure stops training: a sensor read or a
    /// checkpoint save or load that throws (a flash that is full, an I/O error, a bug) is counted,
    /// reported to the trainer's sink as a '#' comment line, and training goes on. The counts
    /// appear in every report line (sensor_errors, save_errors).
    /// </remarks>
    public sealed class TrainingSession
    {
        private readonly ISensor _sensor;
        private readonly float[] _reading;

        /// <summary>Connects <paramref name="sensor"/> to <paramref name="trainer"/>; their channel counts must match.</summary>
        public TrainingSession(ISensor sensor, OnlineTrainer trainer)
        {
            Check.NotNull(sensor, "sensor");
            Check.NotNull(trainer, "trainer");
            if (sensor.ChannelCount != trainer.Standardizer.ChannelCount)
            {
                throw new System.ArgumentException("The sensor has " + sensor.ChannelCount
                    + " channels, the trainer expects " + trainer.Standardizer.ChannelCount + ".", "sensor");
            }
            _sensor = sensor;
            Trainer = trainer;
            _reading = new float[sensor.ChannelCount];
        }

        /// <summary>The trainer fed by this session.</summary>
        public OnlineTrainer Trainer { get; }

        /// <summary>
        /// Where checkpoints go every CheckpointInterval steps: a CheckpointStore on a board (which Resume loads
        /// from), or any other target; null for none.
        /// </summary>
        public ICheckpointTarget Checkpoints { get; set; }

        /// <summary>Steps between checkpoints (when Checkpoints is set).</summary>
        public int CheckpointInterval { get; set; } = 1000;

        /// <summary>Readings taken so far (reads that threw not included).</summary>
        public int Readings { get; private set; }

        /// <summary>Sensor reads that threw.</summary>
        public int SensorErrors { get; private set; }

        /// <summary>Checkpoint saves that threw; each is retried at the next interval.</summary>
        public int SaveErrors { get; private set; }

        /// <summary>
        /// Loads the newest valid checkpoint from Checkpoints, a CheckpointStore, into the trainer and says so in a comment
        /// line (with the slot it came from and what was wrong with the other when the store noted a
        /// problem, such as a fallback to the older slot). When there is none, or reading the storage
        /// throws, the trainer starts fresh (and the line says why).
        /// Returns the header of the model loaded, with Size 0 when none was.
        /// </summary>
        public ModelHeader Resume()
        {
            CheckpointStore store = Checkpoints as CheckpointStore;
            if (store == null) throw new System.InvalidOperationException("Set Checkpoints to a CheckpointStore before Resume.");
            ModelHeader header;
            try
            {
                header = Trainer.ResumeFrom(store);
            }
            catch (System.Exception e)
            {
                // CheckpointStore validates before it copies, so a failed load leaves the trainer as it was.
                Comment("# checkpoint load failed (" + Describe(e) + "), starting fresh");
                return new ModelHeader();
            }
            if (header.Size > 0)
            {
                Comment("# resumed at step " + header.Step + " from checkpoint sequence " + header.Sequence
                    + (store.LastError != null ? " in slot " + store.LoadedSlot + " (" + store.LastError + ")" : ""));
            }
            else if (store.LastReadException != null)
            {
                // The store never throws for a read that failed; it notes it, and nothing was loaded.
                Comment("# checkpoint load failed (" + Describe(store.LastReadException) + "), starting fresh");
            }
            else
            {
                Comment("# starting fresh (" + store.LastError + ")");
            }
            return header;
        }

        /// <summary>
        /// Takes <paramref name="readings"/> readings (0 or less: forever), sleeping
        /// <paramref name="periodMilliseconds"/> after each (0: as fast as possible).
        /// </summary>
        public void Run(int readings, int periodMilliseconds)
        {
            for (int k = 0; readings <= 0 || k < readings; k++)
            {
                ReadOnce();
                if (periodMilliseconds > 0) System.Threading.Thread.Sleep(periodMilliseconds);
            }
        }

        /// <summary>One reading into the trainer; true when it trained a step (false also when the read threw).</summary>
        public bool ReadOnce()
        {
            if (!TryRead()) return false;
            Readings++;
            bool trained = Trainer.AddReading(_reading);
            if (Trainer.AlertRaised) Comment(AlertLine());
            if (trained && Checkpoints != null && CheckpointInterval > 0 && Trainer.Step % CheckpointInterval == 0)
            {
                TrySave();
            }
            return trained;
        }

        // Its own '#' line, once per alert (not per reading it holds), so the board says at once what it saw
        // rather than at the next report; the string is built only then, clean readings allocate nothing.
        // No ':' in it, so that the Arduino Serial Plotter does not take it for a key:value pair.
        private string AlertLine()
        {
            OnlineTrainer trainer = Trainer;
            string line = "# alert " + trainer.Alerts + " at step " + trainer.Step + ", reading";
            for (int c = 0; c < _reading.Length; c++)
            {
                line += " " + DecimalText.Format(_reading[c]);
            }
            return line + ", score " + DecimalText.Format(trainer.Score) + ", expected " + DecimalText.Format(trainer.Prediction);
        }

        private bool TryRead()
        {
            try
            {
                _sensor.Read(_reading);
                return true;
            }
            catch (System.Exception e)
            {
                SensorErrors++;
                PublishCounts();
                // The 1st, 2nd, 4th, 8th... failure only: a dead sensor read ten times a second
                // must not bury the report lines; the report line carries the exact count.
                if ((SensorErrors & (SensorErrors - 1)) == 0)
                {
                    Comment("# sensor read failed (" + Describe(e) + "), " + SensorErrors + " so far");
                }
                return false;
            }
        }

        private void TrySave()
        {
            try
            {
                OnlineTrainer trainer = Trainer;
                Checkpoints.Save(trainer.Network, trainer.Optimizer, trainer.Standardizer, trainer.CaptureState(), trainer.Step);
            }
            catch (System.Exception e)
            {
                SaveErrors++;
                PublishCounts();
                Comment("# checkpoint save failed at step " + Trainer.Step + " (" + Describe(e) + "), next try at step "
                    + (Trainer.Step + CheckpointInterval));
            }
        }

        // The trainer fills the same LastReport object for every report and leaves these two fields
        // alone, so each report line from now on carries the counts.
        private void PublishCounts()
        {
            TrainingReport report = Trainer.LastReport;
            report.SensorErrors = SensorErrors;
            report.SaveErrors = SaveErrors;
        }

        private void Comment(string line)
        {
            IReportSink sink = Trainer.Sink;
            if (sink != null) sink.Comment(line);
        }

        private static string Describe(System.Exception e)
        {
            return e.GetType().Name + " " + e.Message;
        }
    }
}
