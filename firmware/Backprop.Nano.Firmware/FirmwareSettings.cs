namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// Every setting of the firmware in one place. The defaults suit a bare ESP32 DevKit
    /// (ESP32-WROOM-32, no PSRAM): change them here and redeploy.
    /// </summary>
    public sealed class FirmwareSettings
    {
        /// <summary>
        /// UART for the report lines. COM1 is the debugger link (the board's USB port), so the
        /// reports go to COM2 (ESP32 UART1) on the pins below. COM3 is accepted too.
        /// </summary>
        public string PortName { get; set; } = "COM2";

        /// <summary>
        /// GPIO for the UART's TX; wire it to the USB-serial adapter's RX. GPIO17 is free on a
        /// WROOM-32 DevKit; on WROVER modules GPIO16/17 belong to the PSRAM, use 33 (TX) and 32 (RX) there.
        /// Never use GPIO6 to GPIO11 (the flash) or GPIO34 to GPIO39 (input only).
        /// </summary>
        public int TxPin { get; set; } = 17;

        /// <summary>GPIO for the UART's RX (mapped as the sample does, though nothing is read).</summary>
        public int RxPin { get; set; } = 16;

        /// <summary>Baud rate of the report UART (8 data bits, no parity, 1 stop bit).</summary>
        public int BaudRate { get; set; } = 115200;

        /// <summary>
        /// true (default): read the ADC channels below, e.g. a potentiometer or a light sensor on
        /// GPIO34. An unconnected GPIO34 floats, so without a sensor the network learns noise:
        /// set this to false to train on the built-in synthetic signal (SyntheticSensor.CreateDefault) instead.
        /// </summary>
        public bool UseAdc { get; set; } = true;

        /// <summary>
        /// ADC channel numbers, one per sensor channel (not GPIO numbers): on the ESP32,
        /// channel 6 is ADC1_CH6 = GPIO34. Keep to ADC1 (channels 0 to 7), which works alongside Wi-Fi.
        /// </summary>
        public int[] AdcChannels { get; set; } = new int[] { 6 };

        /// <summary>
        /// Pause after each reading, in milliseconds (20 ms: at most 50 readings a second; the
        /// training step adds its own time to each period).
        /// </summary>
        public int SamplePeriodMilliseconds { get; set; } = 20;

        /// <summary>
        /// Drive for the two checkpoint files (bpnano-a.bin, bpnano-b.bin); "I:" is the internal
        /// flash. Empty: no checkpoints, every boot starts from fresh weights.
        /// </summary>
        public string CheckpointDrive { get; set; } = "I:";

        /// <summary>Training steps between checkpoints (a flash write each time: LittleFS spreads the wear).</summary>
        public int CheckpointInterval { get; set; } = 5000;

        /// <summary>
        /// GPIO driven high while an anomaly alert holds (an LED, or a relay through a driver), low
        /// otherwise; -1 (default) for none. Any free output-capable GPIO, e.g. 2 (the DevKit's blue LED).
        /// Thresholds and hold time are in Trainer (AlertThreshold, AlertHoldReadings).
        /// </summary>
        public int AlertPin { get; set; } = -1;

        /// <summary>
        /// false (default): learn on the device. true: the detector mode: load the newest trained model
        /// from the checkpoint files, never learn or save, only predict and score each reading
        /// (cheaper per reading). Needs CheckpointDrive and a model saved there; without one the
        /// firmware says so and learns instead.
        /// </summary>
        public bool DetectorMode { get; set; } = false;

        /// <summary>
        /// true: before training, time Forward, TrainStep and SgdOptimizer.Step (momentum 0.9;
        /// mini-batch 8) on this board for the desktop benchmarks' shapes 2-10-1, 8-32-4, 16-64-8
        /// and 32-128-8 and write one key:value line per shape (inputs, hidden, outputs,
        /// forward_us, train_us, momentum_us, batch8_us, bytes) to the UART.
        /// </summary>
        public bool RunBenchmarkAtStart { get; set; } = false;

        /// <summary>Calls timed per operation and shape by the start-up benchmark.</summary>
        public int BenchmarkSteps { get; set; } = 200;

        /// <summary>
        /// Network shape, learning rate, window, report interval and the rest, with the library's
        /// defaults. ChannelCount is set from the sensor at start-up. The optimizer is SGD by default;
        /// Adam is <c>Optimizer = OptimizerKind.Adam</c> with <c>Beta1</c>, <c>Beta2</c>, <c>Epsilon</c>
        /// (the paper's 0.9, 0.999, 1e-8 by default) and, as the paper suggests, <c>LearningRate = 0.001f</c>.
        /// </summary>
        public OnlineTrainerSettings Trainer { get; set; } = new OnlineTrainerSettings();
    }
}
