namespace Backprop.Nano
{
    /// <summary>
    /// The firmware's main loop, shared so that the desktop CLI runs exactly the same thing:
    /// read the sensor, hand the reading to the trainer, wait for the next sample time.
    /// </summary>
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

        /// <summary>Where checkpoints go every CheckpointInterval steps; null for none.</summary>
        public CheckpointStore Checkpoints { get; set; }

        /// <summary>Steps between checkpoints (when Checkpoints is set).</summary>
        public int CheckpointInterval { get; set; } = 1000;

        /// <summary>Readings taken so far.</summary>
        public int Readings { get; private set; }

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

        /// <summary>One reading into the trainer; true when it trained a step.</summary>
        public bool ReadOnce()
        {
            _sensor.Read(_reading);
            Readings++;
            bool trained = Trainer.AddReading(_reading);
            if (trained && Checkpoints != null && CheckpointInterval > 0 && Trainer.Step % CheckpointInterval == 0)
            {
                Trainer.SaveCheckpoint(Checkpoints);
            }
            return trained;
        }
    }
}
